import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { DEFAULT_PLATFORM_SETTINGS, MULTI_LEVEL_RULE } from '@shareshop/common';
import type { PlatformSettingsView } from '../src/api/types';
import AdminRulesPage from '../src/pkg-admin/rules/index';
import { apiFieldErrors, formFromSettings, submission } from '../src/pkg-admin/rules/form';

// NutUI's bundle draws on a canvas at import time (jsdom has none): plain stand-ins with the same props
jest.mock('@nutui/nutui-react-taro', () => {
  const React = require('react');
  return {
    Button: ({ children, onClick, className }: any) => React.createElement('button', { className, onClick }, children),
    Input: ({ value, onChange, className, placeholder }: any) =>
      React.createElement('div', { className }, React.createElement('input', { value, placeholder, onChange: (e: any) => onChange?.(e.target.value) })),
    Switch: ({ checked, onChange }: any) => React.createElement('input', { type: 'checkbox', checked, onChange: (e: any) => onChange?.(e.target.checked) }),
    Empty: ({ description }: any) => React.createElement('div', null, description),
    Loading: ({ children }: any) => React.createElement('div', null, children),
  };
});

/** The 平台规则 page (pkg-admin/rules): percentages and yuan on the page, basis points and fen on the wire. */
const current: PlatformSettingsView = { ...DEFAULT_PLATFORM_SETTINGS, multiLevelAcknowledgement: null, updatedAt: null, updatedBy: null };

test('the form shows % and ¥ with two decimals; an unchanged form sends nothing', () => {
  const form = formFromSettings(current);
  expect(form).toMatchObject({
    commissionLevels: 1,
    commissionCapPercent: '30',
    withdrawalMinYuan: '1.00',
    withdrawalDailyLimitYuan: '20000.00',
    bindingExpiryDays: '',
    shopProductLimit: '50',
    maxUnpaidOrdersPerUser: '5',
  });
  expect(submission(form, current)).toEqual({ body: {}, changes: [], errors: {} });
});

test('only changed fields are sent, converted to basis points and fen; each change is listed in the operator units', () => {
  const form = {
    ...formFromSettings(current),
    commissionCapPercent: '35.5',
    withdrawalMinYuan: '2.5',
    withdrawalDailyLimitYuan: '5000',
    bindingExpiryDays: '30',
    bindingMode: 'last_touch' as const,
    maxUnpaidOrdersPerUser: '3',
    returnShipDays: '5',
  };
  const { body, changes, errors } = submission(form, current);
  expect(errors).toEqual({});
  expect(body).toEqual({
    commissionCapBps: 3550,
    bindingMode: 'last_touch',
    bindingExpiryDays: 30,
    withdrawalMinFen: 250,
    withdrawalDailyLimitFen: 500_000,
    maxUnpaidOrdersPerUser: 3,
    returnShipDays: 5,
  });
  expect(changes.map((c) => `${c.label}：${c.from} → ${c.to}`)).toEqual([
    '佣金总比例上限：30% → 35.5%',
    '绑定规则：首次绑定 → 最近一次',
    '绑定有效期：永久有效 → 30 天',
    '单笔最低提现：¥1.00 → ¥2.50',
    '每日提现上限：¥20000.00 → ¥5000.00',
    '每人未付款订单上限：5 笔 → 3 笔',
    '买家寄回时限：7 天 → 5 天',
  ]);
  // an API that does not serve a newer setting yet: it is neither checked nor sent
  const { returnShipDays: _older, ...olderApi } = current;
  expect(submission({ ...formFromSettings(olderApi as PlatformSettingsView), returnShipDays: '' }, olderApi as PlatformSettingsView)).toEqual({
    body: {},
    changes: [],
    errors: {},
  });
  // clearing the expiry makes bindings permanent again (null, not 0)
  const back = submission({ ...formFromSettings({ ...current, bindingExpiryDays: 30 }), bindingExpiryDays: ' ' }, { ...current, bindingExpiryDays: 30 });
  expect(back.body).toEqual({ bindingExpiryDays: null });
});

test('bad values are refused on the page by field, in the operator units, and nothing is sent', () => {
  const form = { ...formFromSettings(current), commissionCapPercent: '50.01', withdrawalMinYuan: '1.005', shopProductLimit: '501', afterSaleDaysFallback: 'x' };
  expect(submission(form, current).errors).toEqual({
    commissionCapBps: '不能超过 50%（合规上限）',
    withdrawalMinFen: '请输入金额，最多两位小数',
    shopProductLimit: '不能大于 500 件',
    afterSaleDaysFallback: '请输入整数',
  });
  expect(submission({ ...formFromSettings(current), commissionCapPercent: '50' }, current)).toMatchObject({ errors: {}, body: { commissionCapBps: 5000 } });
  expect(submission({ ...formFromSettings(current), withdrawalMinYuan: '300', withdrawalDailyLimitYuan: '200' }, current).errors).toEqual({
    withdrawalMinFen: '不能高于每日提现上限',
  });
});

test('levels 2–3 carry the acknowledgement only when it is ticked; lowering levels never needs it', () => {
  const two = { ...formFromSettings(current), commissionLevels: 2 };
  expect(submission(two, current).body).toEqual({ commissionLevels: 2 });
  expect(submission({ ...two, acknowledgeMultiLevelRisk: true }, current).body).toEqual({ commissionLevels: 2, acknowledgeMultiLevelRisk: true });
  expect(submission({ ...formFromSettings(current), commissionLevels: 0, acknowledgeMultiLevelRisk: true }, current).body).toEqual({ commissionLevels: 0 });
  expect(
    apiFieldErrors([
      { field: 'commissionLevels', message: 'x' },
      { field: 'other', message: 'y' },
    ]),
  ).toEqual({ commissionLevels: 'x', '': 'y' });
});

describe('the page', () => {
  const request = Taro.request as jest.Mock;
  afterEach(() => request.mockReset());

  test("2 levels without the acknowledgement: the API's refusal is shown on the levels field; ticked, it is sent and the change listed", async () => {
    const puts: any[] = [];
    request.mockImplementation(async (o: any) => {
      if (o.method === 'GET') return { statusCode: 200, data: current };
      puts.push(o.data);
      if (o.data.commissionLevels >= 2 && o.data.acknowledgeMultiLevelRisk !== true) {
        return {
          statusCode: 400,
          data: {
            code: 'VALIDATION_FAILED',
            message: `commissionLevels: ${MULTI_LEVEL_RULE}`,
            details: [{ field: 'commissionLevels', message: MULTI_LEVEL_RULE }],
          },
        };
      }
      return {
        statusCode: 200,
        data: { ...current, ...o.data, acknowledgeMultiLevelRisk: undefined, multiLevelAcknowledgement: { by: 9, at: '2026-12-07T10:00:00Z' } },
      };
    });
    const { container } = render(<AdminRulesPage />);
    await screen.findByText('分佣层级');
    expect(screen.queryByText(/确认合规风险/)).toBeNull();
    fireEvent.click(screen.getByText('二级'));
    // the explanation appears with the choice
    expect(screen.getByText('开启二级分佣前请确认合规风险')).toBeTruthy();
    expect(container.textContent).toContain('小程序平台运营规范》5.9');
    expect(container.textContent).toContain('《禁止传销条例》第七条');
    expect(container.textContent).toContain('待保存的修改（1）分佣层级：一级分佣 → 二级分佣');

    await act(async () => fireEvent.click(screen.getByText('保存修改')));
    await waitFor(() => expect(container.querySelector('.admin-rules__error')).toBeTruthy());
    expect(puts[0]).toEqual({ commissionLevels: 2 });
    const shown = container.querySelector('.admin-rules__error')!.textContent!;
    // the API's own words (Chinese half), with its request field named as the box on the page
    expect(shown).toBe(MULTI_LEVEL_RULE.split(' / ')[0]!.replace('提交 acknowledgeMultiLevelRisk: true 以', '勾选下方的风险确认，以'));
    expect(shown).toMatch(/^开启二级或三级分佣须同时勾选下方的风险确认，以确认合规风险：微信仅允许一级 CPS 佣金/);
    expect(shown).toContain('《微信小程序平台运营规范》5.9 禁止多级分销');
    expect((Taro.showToast as jest.Mock).mock.calls.at(-1)![0].title).toBe('分佣层级：未保存');

    fireEvent.click(screen.getByText('我已了解上述风险，确认开启二级分佣'));
    await act(async () => fireEvent.click(screen.getByText('保存修改')));
    await screen.findByText('已保存 1 项修改');
    expect(puts[1]).toEqual({ commissionLevels: 2, acknowledgeMultiLevelRisk: true });
    expect(container.textContent).toContain('分佣层级：一级分佣 → 二级分佣');
    expect(container.querySelector('.admin-rules__error')).toBeNull();
    // in force now: the explanation stays, the box gives way to who acknowledged it and when
    expect(screen.queryByText('我已了解上述风险，确认开启二级分佣')).toBeNull();
    expect(container.textContent).toContain('风险确认：运营 #9，2026-12-07 18:00');
  });

  test('a cap above 50% is refused on the cap field and never sent', async () => {
    request.mockImplementation(async () => ({ statusCode: 200, data: current }));
    const { container } = render(<AdminRulesPage />);
    await screen.findByText('佣金总比例上限');
    const cap = container.querySelector('.admin-rules__cap input') as HTMLInputElement;
    fireEvent.change(cap, { target: { value: '60' } });
    await act(async () => fireEvent.click(screen.getByText('保存修改')));
    expect(container.querySelector('.admin-rules__error')!.textContent).toBe('不能超过 50%（合规上限）');
    expect(request.mock.calls.filter(([o]) => o.method === 'PUT')).toHaveLength(0);
    expect((Taro.showToast as jest.Mock).mock.calls.at(-1)![0].title).toBe('请检查：佣金总比例上限');
  });
});
