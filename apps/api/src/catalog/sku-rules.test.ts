import { skuSetProblem, type SkuAfter } from './sku-rules.js';

const fields = { specNames: 'specNames', status: 'status' };
const sku = (specValues: string[], extra: Partial<SkuAfter> = {}): SkuAfter => ({ specValues, active: true, ...extra });

test('a consistent set passes', () => {
  expect(skuSetProblem([sku(['白']), sku(['黑'], { specField: 'newSkus.0.specValues' })], 1, 'on_sale', fields)).toBeNull();
});

test('spec counts must match the spec names; the field that set them is named', () => {
  expect(skuSetProblem([sku(['白']), sku([], { specField: 'newSkus.0.specValues' })], 1, 'draft', fields)).toMatchObject({ field: 'newSkus.0.specValues' });
  // untouched SKUs that no longer fit renamed spec names blame specNames
  expect(skuSetProblem([sku(['白'])], 2, 'draft', fields)).toMatchObject({ field: 'specNames' });
});

test('a spec combination written by this request may not repeat another SKU', () => {
  expect(skuSetProblem([sku(['白']), sku(['白'], { specField: 'newSkus.0.specValues' })], 1, 'draft', fields)).toMatchObject({ field: 'newSkus.0.specValues' });
  expect(skuSetProblem([sku([]), sku([], { specField: 'newSkus.0.specValues' })], 0, 'draft', fields)?.message).toContain('单规格');
  // duplicates already in the data are not blamed on an unrelated edit
  expect(skuSetProblem([sku(['白']), sku(['白'])], 1, 'draft', fields)).toBeNull();
});

test('an on-sale product keeps an enabled SKU: the disabling field, else status, is named', () => {
  expect(skuSetProblem([sku(['白'], { active: false, activeField: 'skus.0.active' })], 1, 'on_sale', fields)).toMatchObject({ field: 'skus.0.active' });
  expect(skuSetProblem([sku(['白'], { active: false })], 1, 'on_sale', fields)).toMatchObject({ field: 'status' });
  expect(skuSetProblem([sku(['白'], { active: false, activeField: 'skus.0.active' })], 1, 'off_sale', fields)).toBeNull();
});
