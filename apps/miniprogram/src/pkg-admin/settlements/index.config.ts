export default definePageConfig({ navigationBarTitleText: '结算批次', enablePullDownRefresh: true });
