/** Synchronous key-value storage (Taro storage: wx storage in WeChat, localStorage in H5). */
import Taro from '@tarojs/taro';

export interface KeyValueStorage {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export const taroStorage: KeyValueStorage = {
  get<T>(key: string): T | undefined {
    try {
      const v = Taro.getStorageSync(key);
      return v === '' || v === undefined || v === null ? undefined : (v as T);
    } catch {
      return undefined;
    }
  },
  set(key, value) {
    try {
      Taro.setStorageSync(key, value);
    } catch {
      // storage full or unavailable: keep working from memory
    }
  },
  remove(key) {
    try {
      Taro.removeStorageSync(key);
    } catch {
      // ignore
    }
  },
};

export function memoryStorage(initial: Record<string, unknown> = {}): KeyValueStorage & { dump(): Record<string, unknown> } {
  const data: Record<string, unknown> = { ...initial };
  return {
    get: <T>(k: string) => data[k] as T | undefined,
    set: (k, v) => {
      data[k] = JSON.parse(JSON.stringify(v));
    },
    remove: (k) => {
      delete data[k];
    },
    dump: () => data,
  };
}
