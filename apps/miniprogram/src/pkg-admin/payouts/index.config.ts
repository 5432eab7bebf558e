export default definePageConfig({ navigationBarTitleText: '打款', enablePullDownRefresh: true });
