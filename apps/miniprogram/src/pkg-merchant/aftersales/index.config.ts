export default definePageConfig({ navigationBarTitleText: '售后管理', enablePullDownRefresh: true });
