import { lastStockReturn } from '../src/catalog/recent-stock-returns.js';
import { restockRefunded } from '../src/catalog/stock-return.js';
import { type CommerceWorld, createMerchant, createProduct, startCommerceApi } from './commerce-fixtures.js';

/**
 * catalog's `restockRefunded` (orders calls it when a refund succeeds and the goods are back): stock back AND
 * sold down, never below zero, lines of one SKU added up, and the sold-out memory told (like `returnStock`).
 */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi({ isolatedDatabase: true });
});
afterAll(async () => {
  await w?.t.close();
});

const sku = async (id: number) => (await w.t.ds.query('SELECT stock, sold FROM sku WHERE id = $1', [id]))[0] as { stock: number; sold: number };

test('puts refunded units back on sale, takes them off sold (never below 0), and the sold-out memory forgets the SKUs', async () => {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [
    { price: 100, stock: 5 },
    { price: 200, stock: 0 },
  ]);
  const [a, b] = p.skuIds as [number, number];
  await w.t.ds.query('UPDATE sku SET sold = 4 WHERE id = $1', [a]);
  await w.t.ds.query('UPDATE sku SET sold = 1 WHERE id = $1', [b]);
  const before = Date.now();
  await w.t.ds.transaction((em) =>
    restockRefunded(em, [
      { skuId: a, quantity: 2 },
      { skuId: b, quantity: 3 },
      { skuId: a, quantity: 1 },
    ]),
  );
  expect(await sku(a)).toEqual({ stock: 8, sold: 1 });
  expect(await sku(b)).toEqual({ stock: 3, sold: 0 }); // 1 sold, 3 refunded (counted before sold was): 0, not −2
  expect(lastStockReturn(a)).toBeGreaterThanOrEqual(before);
  expect(lastStockReturn(b)).toBeGreaterThanOrEqual(before);
});

test('nothing to restock writes nothing', async () => {
  const m = await createMerchant(w, '空退款');
  const p = await createProduct(w, m, [{ price: 100, stock: 5 }]);
  await w.t.ds.transaction((em) => restockRefunded(em, []));
  expect(await sku(p.skuIds[0]!)).toEqual({ stock: 5, sold: 0 });
  expect(lastStockReturn(p.skuIds[0]!)).toBe(-Infinity);
});
