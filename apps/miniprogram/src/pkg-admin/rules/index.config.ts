export default definePageConfig({ navigationBarTitleText: '平台规则' });
