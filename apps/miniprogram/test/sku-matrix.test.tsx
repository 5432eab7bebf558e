import {
  type Matrix,
  type SkuRow,
  addDim,
  addValue,
  combinations,
  fillRows,
  removeDim,
  removeValue,
  renameValue,
  syncRows,
  valueProblem,
} from '../src/pkg-merchant/edit/skuMatrix';

/** The product editor's SKU matrix (pkg-merchant/edit/skuMatrix.ts): rows follow the spec values without losing edits. */
const start = (): Matrix => ({ dims: [], rows: syncRows([], []) });
const labels = (m: Matrix) => m.rows.map((r) => r.specs.join('/'));
const priced = (m: Matrix, price: (r: SkuRow) => string): Matrix => ({ ...m, rows: m.rows.map((r) => ({ ...r, price: price(r) })) });

test('颜色 × 尺码 makes one row per combination, in order', () => {
  let m = addDim(addDim(start(), '颜色'), '尺码');
  for (const v of ['白色', '黑色']) m = addValue(m, 0, v);
  for (const v of ['M', 'L', 'XL']) m = addValue(m, 1, v);
  expect(labels(m)).toEqual(['白色/M', '白色/L', '白色/XL', '黑色/M', '黑色/L', '黑色/XL']);
  expect(combinations(m.dims)).toHaveLength(6);
  expect(m.rows.every((r) => r.active && r.price === '' && r.id === undefined)).toBe(true);
});

test('adding a value adds rows and keeps every typed row; removing one drops only its new rows', () => {
  let m = addValue(addValue(addDim(start(), '颜色'), 0, '白色'), 0, '黑色');
  m = priced(m, (r) => (r.specs[0] === '白色' ? '69' : '79'));
  m = addValue(m, 0, '灰色');
  expect(m.rows.map((r) => [r.specs[0], r.price])).toEqual([
    ['白色', '69'],
    ['黑色', '79'],
    ['灰色', ''],
  ]);
  m = removeValue(m, 0, '黑色');
  expect(m.rows.map((r) => [r.specs[0], r.price])).toEqual([
    ['白色', '69'],
    ['灰色', ''],
  ]);
});

test('the single-spec row grows into the first dimension, then into the second, keeping its figures', () => {
  let m = start();
  m = { ...m, rows: [{ ...m.rows[0]!, price: '59', listPrice: '99', stock: '10', code: 'T-1' }] };
  m = addValue(addDim(m, '颜色'), 0, '白色');
  expect(m.rows).toEqual([expect.objectContaining({ specs: ['白色'], price: '59', listPrice: '99', stock: '10', code: 'T-1' })]);
  m = addValue(addValue(addDim(m, '尺码'), 1, 'M'), 1, 'L');
  expect(m.rows.map((r) => [r.specs.join('/'), r.price, r.code])).toEqual([
    ['白色/M', '59', 'T-1'],
    ['白色/L', '', ''],
  ]);
  // dropping the dimension again folds its rows back into one, the first keeping its figures
  m = removeDim(m, 1);
  expect(m.rows.map((r) => [r.specs.join('/'), r.price])).toEqual([['白色', '59']]);
});

test('existing SKUs are never deleted: a removed value keeps them as disabled rows, adding it back restores them', () => {
  const existing: SkuRow[] = [
    { id: 1, specs: ['白色'], price: '69', listPrice: '', stock: '', code: 'W', active: true, currentStock: 5 },
    { id: 2, specs: ['黑色'], price: '79', listPrice: '', stock: '', code: 'B', active: true, currentStock: 0 },
  ];
  let m: Matrix = { dims: [{ name: '颜色', values: ['白色', '黑色'] }], rows: existing };
  m = removeValue(m, 0, '黑色');
  expect(m.rows.map((r) => [r.id, r.specs[0], r.removed])).toEqual([
    [1, '白色', false],
    [2, '黑色', true],
  ]);
  m = addValue(m, 0, '黑色');
  expect(m.rows.map((r) => [r.id, r.specs[0], r.removed, r.price])).toEqual([
    [1, '白色', false, '69'],
    [2, '黑色', false, '79'],
  ]);
});

test('renaming a value keeps its rows (an existing SKU keeps its id and figures)', () => {
  let m: Matrix = {
    dims: [{ name: '颜色', values: ['白', '黑'] }],
    rows: [
      { id: 7, specs: ['白'], price: '69', listPrice: '', stock: '', code: '', active: true },
      { id: 8, specs: ['黑'], price: '79', listPrice: '', stock: '', code: '', active: true },
    ],
  };
  m = renameValue(m, 0, '白', '月光白');
  expect(m.rows.map((r) => [r.id, r.specs[0], r.price])).toEqual([
    [7, '月光白', '69'],
    [8, '黑', '79'],
  ]);
  expect(m.dims[0]!.values).toEqual(['月光白', '黑']);
});

test('values are checked before they are added: blank, duplicate, too long, more than 50 combinations', () => {
  let m = addValue(addDim(start(), '颜色'), 0, '白色');
  expect(valueProblem(m.dims, 0, ' ')).toBe('请输入规格值');
  expect(valueProblem(m.dims, 0, '白色')).toBe('「白色」已经有了');
  expect(valueProblem(m.dims, 0, '很'.repeat(21))).toMatch(/20/);
  expect(addValue(m, 0, '白色')).toBe(m);
  m = addDim(m, '尺码');
  for (let i = 1; i <= 10; i++) m = addValue(m, 1, `${i}号`);
  for (let i = 2; i <= 5; i++) m = addValue(m, 0, `色${i}`);
  expect(m.rows).toHaveLength(50);
  expect(valueProblem(m.dims, 0, '色6')).toBe('规格组合最多 50 个（现在将变为 60 个）');
});

test("批量设置 fills price, list price and new rows' stock on every row on sale", () => {
  const rows: SkuRow[] = [
    { specs: ['白'], price: '', listPrice: '', stock: '', code: '', active: true },
    { specs: ['黑'], price: '5', listPrice: '', stock: '', code: '', active: false },
    { id: 3, specs: ['灰'], price: '6', listPrice: '', stock: '', code: '', active: true, currentStock: 4 },
  ];
  expect(fillRows(rows, { price: '59.9', listPrice: '', stock: '20' }).map((r) => [r.price, r.stock])).toEqual([
    ['59.9', '20'],
    ['5', ''],
    ['59.9', ''],
  ]);
});
