import type { AfterSaleTimelineEntry } from '@shareshop/common';
import { buyerHint, progressSteps } from '../src/pkg-order/after-sales/progress';
import { merchantHint } from '../src/pkg-merchant/aftersales/labels';

const due = '2026-12-10T01:45:00Z'; // 09:45 in Asia/Shanghai

test('the buyer is told who must act and by when (the time in Asia/Shanghai), and what happens after', () => {
  expect(buyerHint({ status: 'pending', type: 'refund_only', dueAt: due, rejectReason: null })).toBe(
    '等待商家处理，商家需在 2026-12-10 09:45 前处理，超时将自动同意',
  );
  expect(buyerHint({ status: 'awaiting_return', type: 'return_refund', dueAt: due, rejectReason: null })).toContain('请在 2026-12-10 09:45 前寄回商品');
  expect(buyerHint({ status: 'rejected', type: 'refund_only', dueAt: null, rejectReason: '已发出' })).toBe('商家拒绝了申请：已发出');
});

test('the merchant sees the deadline and what the platform will do if it passes', () => {
  expect(merchantHint({ status: 'pending', type: 'refund_only', dueAt: due })).toBe('请在 2026-12-10 09:45 前处理，超时系统将自动同意并退款');
  expect(merchantHint({ status: 'pending', type: 'return_refund', dueAt: due })).toContain('使用默认退货地址');
  expect(merchantHint({ status: 'returning', type: 'return_refund', dueAt: due })).toContain('超时将自动退款');
  expect(merchantHint({ status: 'completed', type: 'return_refund', dueAt: null })).toBe('');
});

test('progress steps: newest first, with Chinese titles and the notes', () => {
  const entries: AfterSaleTimelineEntry[] = [
    { kind: 'requested', at: '2026-12-08T01:00:00Z', note: '退货退款 · 质量问题' },
    { kind: 'approved', at: '2026-12-08T02:00:00Z', note: '商家超时未处理，系统自动同意' },
    { kind: 'return_shipped', at: '2026-12-08T03:00:00Z', note: '中通快递 ZT1' },
  ];
  expect(progressSteps(entries).map((s) => [s.title, s.detail])).toEqual([
    ['买家已寄回', '中通快递 ZT1'],
    ['商家同意', '商家超时未处理，系统自动同意'],
    ['提交申请', '退货退款 · 质量问题'],
  ]);
});
