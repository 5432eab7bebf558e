import { act, renderHook, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ApiError } from '../src/api/client';
import { useAction } from '../src/hooks/useAction';
import { useAsync } from '../src/hooks/useAsync';
import { usePaged } from '../src/hooks/usePaged';

const toasts = () => (Taro.showToast as jest.Mock).mock.calls.map(([opts]) => opts);

describe('useAction: the one save-and-toast', () => {
  test('sets busy while the work runs, toasts done and resolves to the result', async () => {
    const { result } = renderHook(() => useAction());
    let finish!: (v: string) => void;
    let run!: Promise<string | undefined>;
    act(() => {
      run = result.current.run(() => new Promise<string>((resolve) => (finish = resolve)), { done: '已保存' });
    });
    expect(result.current.busy).toBe(true);
    await act(async () => finish('saved'));
    await expect(run).resolves.toBe('saved');
    expect(result.current.busy).toBe(false);
    expect(toasts()).toEqual([{ title: '已保存', icon: 'success' }]);
  });

  test('a second tap while one is in flight sends nothing', async () => {
    const { result } = renderHook(() => useAction());
    const work = jest.fn(() => new Promise<void>((resolve) => setTimeout(resolve, 10)));
    await act(async () => {
      await Promise.all([result.current.run(work), result.current.run(work)]);
    });
    expect(work).toHaveBeenCalledTimes(1);
  });

  test('a failure toasts the error text, not done, and resolves to undefined', async () => {
    const { result } = renderHook(() => useAction());
    let out: unknown = 'unset';
    await act(async () => {
      out = await result.current.run(() => Promise.reject(new ApiError(400, 'VALIDATION_FAILED', '名称不能为空')), { done: '已保存' });
    });
    expect(out).toBeUndefined();
    expect(result.current.busy).toBe(false);
    expect(toasts()).toEqual([{ title: '名称不能为空', icon: 'none' }]);
  });

  test('errorText names the failures a page knows; others fall back to the default text', async () => {
    const { result } = renderHook(() => useAction());
    const errorText = (err: unknown) => (err instanceof ApiError && err.status === 404 ? '邀请码不存在' : undefined);
    await act(async () => {
      await result.current.run(() => Promise.reject(new ApiError(404, 'NOT_FOUND', 'x')), { errorText });
      await result.current.run(() => Promise.reject(new Error('boom')), { errorText });
    });
    expect(toasts()).toEqual([
      { title: '邀请码不存在', icon: 'none' },
      { title: '出错了，请稍后重试', icon: 'none' },
    ]);
  });
});

describe('useAsync / usePaged: load when the deps change', () => {
  test('useAsync loads once per deps change, not per render, and with the latest loader', async () => {
    const calls: string[] = [];
    const { result, rerender } = renderHook(({ id, label }) => useAsync(() => (calls.push(`${label}${id}`), Promise.resolve(id * 10)), [id]), {
      initialProps: { id: 1, label: 'a' },
    });
    await waitFor(() => expect(result.current.data).toBe(10));
    rerender({ id: 1, label: 'b' });
    rerender({ id: 1, label: 'c' });
    expect(calls).toEqual(['a1']);
    rerender({ id: 2, label: 'd' });
    await waitFor(() => expect(result.current.data).toBe(20));
    expect(calls).toEqual(['a1', 'd2']);
    await act(() => result.current.reload());
    expect(calls).toEqual(['a1', 'd2', 'd2']);
  });

  test('useAsync waits while disabled and loads when enabled', async () => {
    const fn = jest.fn(() => Promise.resolve('x'));
    const { result, rerender } = renderHook(({ enabled }) => useAsync(fn, [], { enabled }), { initialProps: { enabled: false } });
    expect(result.current.loading).toBe(false);
    expect(fn).not.toHaveBeenCalled();
    rerender({ enabled: true });
    await waitFor(() => expect(result.current.data).toBe('x'));
    expect(fn).toHaveBeenCalledTimes(1);
  });

  test('usePaged starts again from page 1 when a filter changes', async () => {
    const asked: Array<[string, number]> = [];
    const { result, rerender } = renderHook(
      ({ status }) =>
        usePaged(
          (page) => {
            asked.push([status, page]);
            return Promise.resolve({ items: [`${status}-${page}`], total: 2, page, pageSize: 1 });
          },
          [status],
        ),
      { initialProps: { status: 'paid' } },
    );
    await waitFor(() => expect(result.current.items).toEqual(['paid-1']));
    await act(() => result.current.loadMore());
    expect(result.current.items).toEqual(['paid-1', 'paid-2']);
    rerender({ status: 'paid' });
    rerender({ status: 'shipped' });
    await waitFor(() => expect(result.current.items).toEqual(['shipped-1']));
    expect(asked).toEqual([
      ['paid', 1],
      ['paid', 2],
      ['shipped', 1],
    ]);
  });
});
