export default definePageConfig({ navigationBarTitleText: '对账差异', enablePullDownRefresh: true });
