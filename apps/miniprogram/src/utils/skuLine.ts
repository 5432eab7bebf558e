import { assetUrl, type ProductView } from '../api';
import { skuSpecs } from '../components/SkuPicker/sku';
import type { CartLine } from '../store/cart';
import { specText } from './format';

/** The line one SKU of a product makes when bought from a shop: the product page's 加入购物车 and checkout's 立即购买. */
export function skuLine(shopId: number, product: ProductView, sku: ProductView['skus'][number]): Omit<CartLine, 'quantity' | 'selected'> {
  return {
    shopId,
    productId: product.id,
    skuId: sku.id,
    title: product.title,
    specText: specText(skuSpecs(product, sku)),
    imageUrl: assetUrl(product.images[0]),
    priceFen: sku.price,
    stock: sku.stock,
  };
}
