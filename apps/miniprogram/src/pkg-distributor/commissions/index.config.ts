export default definePageConfig({ navigationBarTitleText: '佣金记录' });
