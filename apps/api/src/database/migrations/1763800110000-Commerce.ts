import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders, order lines, payments, refunds and WeChat Pay notifications (commerce core).
 * Money is bigint fen. Every status change is a conditional UPDATE on `status` (see orders/order.machine.ts);
 * the unique indexes below are what make "exactly once" true under concurrency, not checks in code.
 */
export class Commerce1763800110000 implements MigrationInterface {
  name = 'Commerce1763800110000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "order" (
        id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        -- our number at WeChat Pay: yyyyMMddHHmmss (Asia/Shanghai) + 8 random digits, 22 chars (WeChat allows 32)
        out_trade_no        text NOT NULL UNIQUE CHECK (length(out_trade_no) BETWEEN 6 AND 32),
        buyer_user_id       bigint NOT NULL REFERENCES app_user(id),
        merchant_id         bigint NOT NULL REFERENCES merchant(id),
        shop_id             bigint NOT NULL REFERENCES shop(id),
        -- who earns level-1 commission: the shop owner for a distributor shop, or a ref attribution; else NULL
        distributor_user_id bigint REFERENCES app_user(id),
        status              text NOT NULL DEFAULT 'created'
                            CHECK (status IN ('created','paid','shipped','received','completed','cancelled','closed','refunded')),
        -- one request (idempotency key) may create one order per merchant; replaying it returns the same orders
        idempotency_key     text NOT NULL,
        items_total         bigint NOT NULL CHECK (items_total >= 0),
        discount_total      bigint NOT NULL DEFAULT 0 CHECK (discount_total >= 0),
        shipping_fee        bigint NOT NULL DEFAULT 0 CHECK (shipping_fee >= 0),
        paid_total          bigint NOT NULL CHECK (paid_total > 0),
        refunded_total      bigint NOT NULL DEFAULT 0 CHECK (refunded_total BETWEEN 0 AND paid_total),
        address             jsonb NOT NULL,
        remark              text NOT NULL DEFAULT '',
        carrier             text,
        tracking_no         text,
        prepay_id           text,
        prepay_at           timestamptz,
        transaction_id      text UNIQUE,
        payer_openid        text,
        expires_at          timestamptz NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        paid_at             timestamptz,
        shipped_at          timestamptz,
        received_at         timestamptz,
        completed_at        timestamptz,
        cancelled_at        timestamptz,
        closed_at           timestamptz,
        refunded_at         timestamptz,
        CHECK (paid_total = items_total - discount_total + shipping_fee),
        UNIQUE (buyer_user_id, idempotency_key, merchant_id)
      );
      CREATE INDEX order_buyer ON "order" (buyer_user_id, id DESC);
      CREATE INDEX order_merchant ON "order" (merchant_id, id DESC);
      CREATE INDEX order_merchant_status ON "order" (merchant_id, status);
      CREATE INDEX order_shop ON "order" (shop_id, id DESC);
      CREATE INDEX order_distributor ON "order" (distributor_user_id) WHERE distributor_user_id IS NOT NULL;
      -- the scheduled jobs scan these
      CREATE INDEX order_unpaid_expiry ON "order" (expires_at) WHERE status = 'created';
      CREATE INDEX order_shipped ON "order" (shipped_at) WHERE status = 'shipped';
      CREATE INDEX order_received ON "order" (received_at) WHERE status = 'received';

      CREATE TABLE order_item (
        id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id          bigint NOT NULL REFERENCES "order"(id),
        product_id        bigint NOT NULL REFERENCES product(id),
        sku_id            bigint NOT NULL REFERENCES sku(id),
        -- snapshot at order time: later edits of the product never change what was bought
        title             text NOT NULL,
        spec_values       jsonb NOT NULL DEFAULT '[]',
        image             text,
        unit_price        bigint NOT NULL CHECK (unit_price > 0),
        quantity          integer NOT NULL CHECK (quantity BETWEEN 1 AND 999),
        items_amount      bigint NOT NULL CHECK (items_amount = unit_price * quantity),
        discount_amount   bigint NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
        -- commission base: what the buyer paid for this line, after discounts, excluding shipping
        paid_amount       bigint NOT NULL CHECK (paid_amount = items_amount - discount_amount),
        refunded_quantity integer NOT NULL DEFAULT 0 CHECK (refunded_quantity BETWEEN 0 AND quantity),
        refunded_amount   bigint NOT NULL DEFAULT 0 CHECK (refunded_amount BETWEEN 0 AND paid_amount)
      );
      CREATE INDEX order_item_order ON order_item (order_id);
      CREATE INDEX order_item_sku ON order_item (sku_id);

      -- Every payment WeChat reported to us (by notify or by query), including ones we had to refund.
      CREATE TABLE payment (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id text NOT NULL UNIQUE,
        order_id       bigint NOT NULL REFERENCES "order"(id),
        out_trade_no   text NOT NULL,
        amount         bigint NOT NULL CHECK (amount > 0),
        payer_openid   text,
        success_time   timestamptz,
        source         text NOT NULL CHECK (source IN ('notify','query')),
        -- applied: the order became paid; refunded: it arrived for a closed/cancelled/already-paid order
        outcome        text NOT NULL CHECK (outcome IN ('applied','refunded')),
        created_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX payment_order ON payment (order_id);

      CREATE TABLE refund (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id        bigint NOT NULL REFERENCES "order"(id),
        merchant_id     bigint NOT NULL REFERENCES merchant(id),
        buyer_user_id   bigint NOT NULL REFERENCES app_user(id),
        -- buyer: after-sale request decided by the merchant; auto: a payment we could not accept
        kind            text NOT NULL CHECK (kind IN ('buyer','auto')),
        out_refund_no   text NOT NULL UNIQUE CHECK (length(out_refund_no) BETWEEN 6 AND 64),
        transaction_id  text,
        status          text NOT NULL CHECK (status IN ('requested','rejected','processing','succeeded','failed')),
        amount          bigint NOT NULL CHECK (amount > 0),
        reason          text NOT NULL DEFAULT '',
        reject_reason   text,
        restock         boolean NOT NULL DEFAULT false,
        wechat_refund_id text,
        wechat_status   text,
        decided_by      bigint REFERENCES app_user(id),
        created_at      timestamptz NOT NULL DEFAULT now(),
        decided_at      timestamptz,
        submitted_at    timestamptz,
        succeeded_at    timestamptz,
        failed_at       timestamptz
      );
      CREATE INDEX refund_order ON refund (order_id);
      CREATE INDEX refund_merchant_status ON refund (merchant_id, status);
      CREATE INDEX refund_processing ON refund (submitted_at) WHERE status = 'processing';
      -- one open buyer request per order at a time, so amounts never double count
      CREATE UNIQUE INDEX refund_one_open_per_order ON refund (order_id) WHERE kind = 'buyer' AND status IN ('requested','processing');

      CREATE TABLE refund_item (
        refund_id     bigint NOT NULL REFERENCES refund(id),
        order_item_id bigint NOT NULL REFERENCES order_item(id),
        quantity      integer NOT NULL CHECK (quantity > 0),
        amount        bigint NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (refund_id, order_item_id)
      );

      -- Every verified WeChat Pay callback, keyed by WeChat's notification id: a duplicate is recognised here.
      CREATE TABLE wechat_pay_notification (
        notify_id    text PRIMARY KEY,
        event_type   text NOT NULL,
        out_trade_no text,
        out_refund_no text,
        resource     jsonb NOT NULL,
        result       text NOT NULL,
        deliveries   integer NOT NULL DEFAULT 1,
        received_at  timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE wechat_pay_notification, refund_item, refund, payment, order_item, "order"');
  }
}
