import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { api } from '../api';
import { platform } from '../platform';
import { entry } from '../store/entry';
import { session, useSession } from '../store/session';
import { errorMessage } from '../utils/errors';

/** Signs in through the platform seam (wx.login or an H5 sandbox test user) and stores our own token. */
export async function signIn() {
  const code = await platform.getLoginCode();
  // Launch attribution: the server binds the upline from the shop/ref the user arrived with.
  const from = entry.getState();
  const { token, user } = await api.auth.wechatLogin({
    code,
    ...(from ? { shopId: from.shopId, ...(from.ref ? { ref: from.ref } : {}) } : {}),
  });
  session.signIn(token, user);
  return user;
}

export function useAuth() {
  const { token, user } = useSession();
  const [signingIn, setSigningIn] = useState(false);
  const login = useCallback(async () => {
    setSigningIn(true);
    try {
      return await signIn();
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
      return null;
    } finally {
      setSigningIn(false);
    }
  }, []);
  /** Resolves to true when signed in (signing in first if needed). */
  const ensure = useCallback(async () => !!(session.getToken() || (await login())), [login]);
  return { token, user, loggedIn: !!token, signingIn, login, ensure, logout: () => session.signOut() };
}
