/** What goes on the poster (from the API's views) and what to do when saving fails: plain functions. */
import type { ProductView, ShopView } from '../../api/types';
import { PlatformError } from '../../platform/types';
import { errorMessage } from '../../utils/errors';
import type { PosterInput } from './layout';

/** The poster's words from my shop's public view and, for a product poster, the product. */
export function posterInput(shop: Pick<ShopView, 'name' | 'owner'>, product?: Pick<ProductView, 'title' | 'priceFrom' | 'skus'> | null): PosterInput {
  if (!product) return { shopName: shop.name, nickname: shop.owner.nickname, product: null };
  // the list price shown struck through is the cheapest active SKU's (the one the price comes from)
  const cheapest = product.skus.filter((s) => s.active).find((s) => s.price === product.priceFrom);
  return {
    shopName: shop.name,
    nickname: shop.owner.nickname,
    product: { title: product.title, priceFen: product.priceFrom, listPriceFen: cheapest?.listPrice ?? null },
  };
}

/** The images to draw: product photo, the shop's avatar (else the owner's), both optional. */
export function posterImageSources(
  shop: Pick<ShopView, 'avatarUrl' | 'owner'>,
  product?: Pick<ProductView, 'images'> | null,
): { product: string | null; avatar: string | null } {
  return { product: product?.images[0] ?? null, avatar: shop.avatarUrl || shop.owner.avatarUrl || null };
}

export type SaveFailure = { kind: 'ignore' } | { kind: 'settings'; title: string; content: string; confirmText: string } | { kind: 'toast'; text: string };

/** How the poster page answers a failed save: a cancel is silent, a refused album permission offers 设置. */
export function saveFailure(err: unknown): SaveFailure {
  if (err instanceof PlatformError && err.reason === 'cancelled') return { kind: 'ignore' };
  if (err instanceof PlatformError && err.reason === 'denied') {
    return { kind: 'settings', title: '无法保存到相册', content: '保存海报需要相册权限，请在设置中打开「保存到相册」后重试', confirmText: '去设置' };
  }
  return { kind: 'toast', text: errorMessage(err) };
}
