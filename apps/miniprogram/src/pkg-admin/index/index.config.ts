export default definePageConfig({ navigationBarTitleText: '平台运营', enablePullDownRefresh: true });
