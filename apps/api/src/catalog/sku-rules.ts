import type { FieldIssue, ProductStatus } from '@shareshop/common';

/** A SKU as it will be after a write, with the request fields that changed it (to name them in errors). */
export interface SkuAfter {
  specValues: string[];
  active: boolean;
  /** the request field that set specValues (e.g. `newSkus.0.specValues`); unset when untouched */
  specField?: string;
  /** the request field that set active; unset when untouched */
  activeField?: string;
}

/**
 * Rules over a product's whole SKU set after an edit, checked before anything is written so a bad edit
 * changes nothing: every SKU has one value per spec name; no two SKUs share a spec combination (the buyer's
 * SKU picker could not tell them apart); an on-sale product keeps at least one enabled SKU.
 * Returns the first problem, naming the field that caused it, or null.
 */
export function skuSetProblem(skus: SkuAfter[], specCount: number, status: ProductStatus, fields: { specNames: string; status: string }): FieldIssue | null {
  for (const s of skus) {
    if (s.specValues.length !== specCount) {
      return { field: s.specField ?? fields.specNames, message: `规格值数量应为 ${specCount}（与 specNames 一致）` };
    }
  }
  const keys = skus.map((s) => JSON.stringify(s.specValues));
  for (const [i, s] of skus.entries()) {
    // only combinations this request wrote are reported: older duplicates are not the caller's doing
    if (s.specField && keys.some((k, j) => j !== i && k === keys[i])) {
      return { field: s.specField, message: specCount ? '已有相同规格的 SKU（停用的 SKU 可重新启用）' : '单规格商品只能有一个 SKU，请先设置规格名' };
    }
  }
  if (status === 'on_sale' && !skus.some((s) => s.active)) {
    const disabled = skus.find((s) => s.activeField);
    return { field: disabled?.activeField ?? fields.status, message: '在售商品至少需要一个启用的 SKU（可先下架商品）' };
  }
  return null;
}
