/**
 * The merchant the signed-in user is working in (商家后台), sent as X-Merchant-Id on every /merchant/* call:
 * a user who belongs to several merchants (owner of one, staff of another) picks one with the switcher.
 * Kept across launches; cleared on sign-out (session.ts).
 */
import { createStore, useStore } from './createStore';
import { taroStorage, type KeyValueStorage } from './storage';

const KEY = 'shareshop.merchant.v1';

export function createMerchantStore(storage: KeyValueStorage = taroStorage) {
  const saved = storage.get<number>(KEY);
  const store = createStore<{ merchantId: number | null }>({ merchantId: typeof saved === 'number' ? saved : null });
  store.subscribe(() => {
    const id = store.getState().merchantId;
    if (id) storage.set(KEY, id);
    else storage.remove(KEY);
  });
  return {
    ...store,
    getId: () => store.getState().merchantId,
    select(merchantId: number | null) {
      store.setState((s) => (s.merchantId === merchantId ? s : { merchantId }));
    },
  };
}

export const currentMerchant = createMerchantStore();

export function useCurrentMerchantId(): number | null {
  return useStore(currentMerchant, (s) => s.merchantId);
}

/**
 * The merchant to work in from the user's memberships: the stored one while it is still among them,
 * else the first approved one (else the first). Members of one merchant never need to choose.
 */
export function pickMerchant<M extends { merchantId: number; status: string }>(items: M[], storedId: number | null): M | null {
  return items.find((m) => m.merchantId === storedId) ?? items.find((m) => m.status === 'approved') ?? items[0] ?? null;
}
