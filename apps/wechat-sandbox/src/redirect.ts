/**
 * Where the cashier sends the user back, with `result=success|cancel|fail` (like WeChat's JSAPI result).
 *
 * Shipped to the cashier page as source (`RESULT_URL_JS`, run in the browser) and evaluated here for Node
 * tests, so both run the very same code. Mini program H5 builds use a hash router (`/#/pkg-order/detail/
 * index?id=1`): the page reads its query from the fragment, so the result goes into the fragment's query.
 * Putting it into location.search (before the `#`) left it where the page never looks.
 */
export const RESULT_URL_JS = `function resultUrl(redirect, result, base) {
  var u = new URL(redirect, base);
  if (u.hash.length > 1) {
    var fragment = u.hash.slice(1);
    var q = fragment.indexOf('?');
    var params = new URLSearchParams(q < 0 ? '' : fragment.slice(q + 1));
    params.set('result', result);
    u.hash = (q < 0 ? fragment : fragment.slice(0, q)) + '?' + params.toString();
  } else {
    u.searchParams.set('result', result);
  }
  return u.toString();
}`;

export type CashierResult = 'success' | 'cancel' | 'fail';

export const resultUrl: (redirect: string, result: CashierResult, base?: string) => string = new Function(`${RESULT_URL_JS}; return resultUrl;`)();
