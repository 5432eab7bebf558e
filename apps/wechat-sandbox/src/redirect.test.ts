import { resultUrl } from './redirect.js';

test('hash-router pages get the result in the fragment query, next to their own params', () => {
  expect(resultUrl('http://127.0.0.1:7200/#/pkg-order/detail/index?id=12&paid=1', 'cancel')).toBe(
    'http://127.0.0.1:7200/#/pkg-order/detail/index?id=12&paid=1&result=cancel',
  );
  expect(resultUrl('http://h/#/pages/pay/result', 'success')).toBe('http://h/#/pages/pay/result?result=success');
  // an earlier result is replaced, not repeated
  expect(resultUrl('http://h/#/p?result=cancel&id=1', 'fail')).toBe('http://h/#/p?result=fail&id=1');
  // nothing lands before the '#'
  expect(new URL(resultUrl('http://h/app/#/p?id=1', 'fail')).search).toBe('');
});

test('pages without a fragment get it in the query string as before', () => {
  expect(resultUrl('http://h/pay/done?id=1', 'success')).toBe('http://h/pay/done?id=1&result=success');
  expect(resultUrl('/done', 'cancel', 'http://sandbox:7100/cashier')).toBe('http://sandbox:7100/done?result=cancel');
});
