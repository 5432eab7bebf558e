export default definePageConfig({ navigationBarTitleText: '我也要开店' });
