export default definePageConfig({ navigationBarTitleText: '佣金与运费设置' });
