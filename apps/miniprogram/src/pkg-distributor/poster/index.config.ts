export default definePageConfig({ navigationBarTitleText: '店铺海报', enableShareAppMessage: true })
