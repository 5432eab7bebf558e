export default definePageConfig({ navigationBarTitleText: '结算单详情' });
