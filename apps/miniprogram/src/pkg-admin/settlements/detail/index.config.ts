export default definePageConfig({ navigationBarTitleText: '结算批次详情', enablePullDownRefresh: true });
