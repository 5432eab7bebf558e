import { useCallback, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { errorMessage } from '../utils/errors';

export interface ActionOptions {
  /** toasted with the success icon when the work resolves; leave it out when the work shows its own result */
  done?: string;
  /** the text for a failure the page knows better (a 404 it expects, a field it names); undefined: errorMessage */
  errorText?: (err: unknown) => string | undefined;
}

/**
 * The one way a page saves or submits: `run(work)` does nothing while a run is in flight (a double tap sends
 * once), sets `busy` for the button's spinner, toasts `done` on success or the error's Chinese text on
 * failure, and resolves to the work's result, or undefined when it failed or was skipped. The work itself
 * updates the page (setData, navigation) after the API answers.
 */
export function useAction(): { busy: boolean; run: <T>(work: () => Promise<T>, options?: ActionOptions) => Promise<T | undefined> } {
  const [busy, setBusy] = useState(false);
  // the state is for rendering; the ref is what a second tap in the same frame sees
  const running = useRef(false);
  const run = useCallback(async <T>(work: () => Promise<T>, options: ActionOptions = {}): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    try {
      const result = await work();
      if (options.done) void Taro.showToast({ title: options.done, icon: 'success' });
      return result;
    } catch (err) {
      void Taro.showToast({ title: options.errorText?.(err) ?? errorMessage(err), icon: 'none' });
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, run };
}
