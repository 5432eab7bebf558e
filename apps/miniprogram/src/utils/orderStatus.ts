/** 待付款, 待发货, ...: the labels are @shareshop/common's, the same words the merchant's CSV export writes. */
export { orderStatusLabel as orderStatusText } from '@shareshop/common/rules';
