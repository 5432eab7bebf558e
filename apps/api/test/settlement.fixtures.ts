import { randomBytes } from 'node:crypto';
import { WechatPayClient } from '@shareshop/wechat';
import { Accounts } from '../src/ledger/accounts.js';
import { LedgerService } from '../src/ledger/ledger.service.js';
import { createUser, type TestUser } from './fixtures.js';
import type { TestApi } from './harness.js';

/**
 * Money facts for settlement tests, written the way commerce and distribution write them (same tables,
 * same posting kinds and idempotency keys: `payment:<transaction_id>`, `refund:<out_refund_no>`,
 * `commission:accrue:order:<id>`, ...), with the payments and refunds really made in the WeChat sandbox so
 * that its trade bill has them.
 */
export interface TestMerchant {
  id: number;
  shopId: number;
  owner: TestUser;
}

export interface TestOrder {
  id: number;
  merchantId: number;
  outTradeNo: string;
  transactionId: string;
  amount: number;
  paidAt: Date;
}

const uniq = (p: string) => `${p}${Date.now().toString(36)}${randomBytes(4).toString('hex')}`.slice(0, 32);

export class SettlementWorld {
  buyer!: TestUser;
  private readonly pay: WechatPayClient;
  private readonly ledger: LedgerService;

  constructor(private readonly t: TestApi) {
    this.pay = t.api.app.get(WechatPayClient);
    this.ledger = t.api.app.get(LedgerService);
  }

  async init(): Promise<void> {
    this.buyer = await createUser(this.t, '买家');
    await this.t.control('POST', '/__sandbox__/notifications/hold', { enabled: true });
  }

  async clock(iso: string): Promise<void> {
    const r = await this.t.control('POST', '/__sandbox__/clock', { set: iso });
    if (r.status !== 200) throw new Error(`sandbox clock: ${JSON.stringify(r.body)}`);
  }

  async merchant(name: string, mode: 'manual' | 'profit_sharing' = 'manual'): Promise<TestMerchant> {
    const owner = await createUser(this.t, `${name}店主`);
    const [m] = await this.t.ds.query(
      `INSERT INTO merchant (name, status, owner_user_id, settlement_mode, approved_at) VALUES ($1, 'approved', $2, $3, now()) RETURNING id`,
      [name, owner.id, mode],
    );
    await this.t.ds.query(`INSERT INTO merchant_member (merchant_id, user_id, role) VALUES ($1, $2, 'owner')`, [m.id, owner.id]);
    const [shop] = await this.t.ds.query(`INSERT INTO shop (kind, owner_user_id, merchant_id, name) VALUES ('merchant', $1, $2, $3) RETURNING id`, [
      owner.id,
      m.id,
      name,
    ]);
    if (mode === 'profit_sharing') {
      await this.t.ds.query(`INSERT INTO settlement_receiver (merchant_id, receiver_type, account) VALUES ($1, 'PERSONAL_OPENID', $2)`, [m.id, owner.openid]);
    }
    return { id: m.id, shopId: shop.id, owner };
  }

  /** A payment made in the sandbox at `at` (sandbox clock), applied like commerce applies it. Pass `ledger: false` to leave it out of the ledger, or another amount to post a wrong one. */
  async paid(m: TestMerchant, amount: number, at: string, opts: { ledger?: false; ledgerAmount?: number } = {}): Promise<TestOrder> {
    await this.clock(at);
    const outTradeNo = uniq('T');
    const profitSharing = (await this.t.ds.query('SELECT settlement_mode FROM merchant WHERE id = $1', [m.id]))[0].settlement_mode === 'profit_sharing';
    await this.pay.jsapiPrepay({
      outTradeNo,
      description: '测试商品',
      amountFen: amount,
      openid: this.buyer.openid,
      notifyUrl: `${this.t.url}/health`,
      profitSharing,
    });
    const done = await this.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: outTradeNo });
    if (done.status !== 200) throw new Error(`sandbox payment: ${JSON.stringify(done.body)}`);
    const tx = done.body.transaction;
    const paidAt = new Date(tx.success_time);
    const [o] = await this.t.ds.query(
      `INSERT INTO "order" (out_trade_no, buyer_user_id, merchant_id, shop_id, status, idempotency_key, items_total, paid_total, address, expires_at, transaction_id, paid_at)
       VALUES ($1, $2, $3, $4, 'paid', $5, $6, $6, '{}', $7, $8, $7) RETURNING id`,
      [outTradeNo, this.buyer.id, m.id, m.shopId, uniq('k'), amount, paidAt, tx.transaction_id],
    );
    await this.t.ds.query(
      `INSERT INTO payment (transaction_id, order_id, out_trade_no, amount, success_time, source, outcome) VALUES ($1, $2, $3, $4, $5, 'notify', 'applied')`,
      [tx.transaction_id, o.id, outTradeNo, amount, paidAt],
    );
    const order = { id: o.id, merchantId: m.id, outTradeNo, transactionId: tx.transaction_id, amount, paidAt };
    if (opts.ledger !== false) await this.postPayment(order, opts.ledgerAmount ?? amount);
    return order;
  }

  async postPayment(order: { id: number; merchantId: number; transactionId: string; paidAt: Date }, amount: number): Promise<void> {
    await this.t.ds.transaction((em) =>
      this.ledger.post(em, {
        kind: 'payment',
        idempotencyKey: `payment:${order.transactionId}`,
        refType: 'order',
        refId: order.id,
        occurredAt: order.paidAt,
        lines: [
          { account: Accounts.clearing(), amount },
          { account: Accounts.merchantPayable(order.merchantId), amount: -amount },
        ],
      }),
    );
  }

  /** Commerce's refund posting alone (payable debit / clearing credit), dated `at`. */
  async postRefund(merchantId: number, outRefundNo: string, amount: number, at: Date): Promise<void> {
    // like payments' posting, it names its refund row (when the test made one): statements date refunds by it
    const [refund] = await this.t.ds.query('SELECT id FROM refund WHERE out_refund_no = $1', [outRefundNo]);
    await this.t.ds.transaction((em) =>
      this.ledger.post(em, {
        kind: 'refund',
        idempotencyKey: `refund:${outRefundNo}`,
        ...(refund ? { refType: 'refund', refId: refund.id } : {}),
        occurredAt: at,
        lines: [
          { account: Accounts.merchantPayable(merchantId), amount },
          { account: Accounts.clearing(), amount: -amount },
        ],
      }),
    );
  }

  /** Distribution's accrual: merchant payable → the distributor's pending account, dated by the payment. */
  async commission(order: TestOrder, distributor: TestUser, amount: number): Promise<void> {
    await this.t.ds.transaction((em) =>
      this.ledger.post(em, {
        kind: 'commission.accrued',
        idempotencyKey: `commission:accrue:order:${order.id}`,
        refType: 'order',
        refId: order.id,
        occurredAt: order.paidAt,
        lines: [
          { account: Accounts.merchantPayable(order.merchantId), amount },
          { account: Accounts.distributorPending(distributor.id), amount: -amount },
        ],
      }),
    );
  }

  /** Pending → wallet: no effect on the merchant. */
  async releaseCommission(order: TestOrder, distributor: TestUser, amount: number, at: Date): Promise<void> {
    await this.t.ds.transaction((em) =>
      this.ledger.post(em, {
        kind: 'commission.released',
        idempotencyKey: `commission:release:${order.id}`,
        occurredAt: at,
        lines: [
          { account: Accounts.distributorPending(distributor.id), amount },
          { account: Accounts.distributorWallet(distributor.id), amount: -amount },
        ],
      }),
    );
  }

  /** A refund made in the sandbox at `at` and succeeded, posted like commerce (and distribution's reversal). */
  async refund(order: TestOrder, amount: number, at: string, reversal?: { distributor: TestUser; amount: number }): Promise<string> {
    await this.clock(at);
    const outRefundNo = uniq('R');
    await this.pay.refund({ outTradeNo: order.outTradeNo, outRefundNo, refundFen: amount, totalFen: order.amount, notifyUrl: `${this.t.url}/health` });
    const [r] = await this.t.ds.query(
      `INSERT INTO refund (order_id, merchant_id, buyer_user_id, kind, out_refund_no, transaction_id, status, amount, submitted_at, succeeded_at)
       VALUES ($1, $2, $3, 'buyer', $4, $5, 'succeeded', $6, $7, $7) RETURNING id`,
      [order.id, order.merchantId, this.buyer.id, outRefundNo, order.transactionId, amount, new Date(at)],
    );
    await this.t.ds.transaction(async (em) => {
      await this.ledger.post(em, {
        kind: 'refund',
        idempotencyKey: `refund:${outRefundNo}`,
        refType: 'refund',
        refId: r.id,
        occurredAt: new Date(at),
        lines: [
          { account: Accounts.merchantPayable(order.merchantId), amount },
          { account: Accounts.clearing(), amount: -amount },
        ],
      });
      if (reversal) {
        await this.ledger.post(em, {
          kind: 'commission.reversed',
          idempotencyKey: `commission:reverse:${outRefundNo}`,
          refType: 'order',
          refId: order.id,
          occurredAt: new Date(at),
          lines: [
            { account: Accounts.distributorPending(reversal.distributor.id), amount: reversal.amount },
            { account: Accounts.merchantPayable(order.merchantId), amount: -reversal.amount },
          ],
        });
      }
    });
    return outRefundNo;
  }
}
