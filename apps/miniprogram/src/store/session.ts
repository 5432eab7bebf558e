/** The signed-in user: the platform's own bearer token (never WeChat's session_key) and the user. */
import type { Me as User } from '../api/types';
import { createStore, useStore } from './createStore';
import { currentMerchant } from './merchant';
import { taroStorage, type KeyValueStorage } from './storage';

export interface SessionState {
  token: string | null;
  user: User | null;
}

const KEY = 'shareshop.session.v1';

export function createSessionStore(storage: KeyValueStorage = taroStorage) {
  const saved = storage.get<SessionState>(KEY);
  const store = createStore<SessionState>(saved?.token ? saved : { token: null, user: null });
  store.subscribe(() => {
    const s = store.getState();
    if (s.token) storage.set(KEY, s);
    else storage.remove(KEY);
  });
  return {
    ...store,
    getToken: () => store.getState().token,
    signIn(token: string, user: User) {
      // another person may sign in on this device: their merchant is chosen afresh (store/merchant.ts)
      if (store.getState().user?.id !== user.id) currentMerchant.select(null);
      store.setState({ token, user });
    },
    updateUser(patch: Partial<User>) {
      store.setState((s) => (s.user ? { ...s, user: { ...s.user, ...patch } } : s));
    },
    signOut() {
      currentMerchant.select(null);
      store.setState({ token: null, user: null });
    },
  };
}

export const session = createSessionStore();

export function useSession(): SessionState {
  return useStore(session);
}
