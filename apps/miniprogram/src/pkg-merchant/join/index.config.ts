export default definePageConfig({ navigationBarTitleText: '加入商家团队' });
