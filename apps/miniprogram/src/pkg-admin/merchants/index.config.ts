export default definePageConfig({ navigationBarTitleText: '商家入驻审核', enablePullDownRefresh: true });
