/** The shop the user is browsing (from a share link / 小程序码) and the referral it carried. */
import type { Entry } from '../utils/scene';
import { createStore, useStore } from './createStore';
import { taroStorage, type KeyValueStorage } from './storage';

const KEY = 'shareshop.entry.v1';

export function createEntryStore(storage: KeyValueStorage = taroStorage) {
  const store = createStore<Entry | null>(storage.get<Entry>(KEY) ?? null);
  store.subscribe(() => {
    const e = store.getState();
    if (e) storage.set(KEY, e);
    else storage.remove(KEY);
  });
  return {
    ...store,
    /** Records a new entry; a later link without `ref` keeps the shop but never erases a known ref. */
    enter(entry: Entry) {
      store.setState((prev) => ({
        shopId: entry.shopId,
        ref: entry.ref ?? (prev?.shopId === entry.shopId ? prev.ref : null),
      }));
    },
  };
}

export const entry = createEntryStore();
export const useEntry = () => useStore(entry);
