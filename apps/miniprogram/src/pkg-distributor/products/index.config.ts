export default definePageConfig({ navigationBarTitleText: '选品' });
