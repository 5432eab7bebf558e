import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Social distribution: binding decisions, sales attributed to distributors, commissions, withdrawals.
 * Order ids are plain bigints (no foreign key): the order tables belong to the commerce module and the
 * rows here are written from its after-commit events, so they always refer to committed orders.
 */
export class Distribution1763800200000 implements MigrationInterface {
  name = 'Distribution1763800200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Team pages list one level of the stored chain, newest first: (uplineN, bound_at, id) serves the
      -- page and the count from one index at any team size. They replace the single-column indexes.
      DROP INDEX IF EXISTS app_user_upline1; DROP INDEX IF EXISTS app_user_upline2; DROP INDEX IF EXISTS app_user_upline3;
      CREATE INDEX app_user_team1 ON app_user (upline1_id, bound_at DESC, id DESC) WHERE upline1_id IS NOT NULL;
      CREATE INDEX app_user_team2 ON app_user (upline2_id, bound_at DESC, id DESC) WHERE upline2_id IS NOT NULL;
      CREATE INDEX app_user_team3 ON app_user (upline3_id, bound_at DESC, id DESC) WHERE upline3_id IS NOT NULL;

      -- Every binding decision, accepted or refused, with the reason: the audit trail for disputes.
      CREATE TABLE referral_binding_log (
        id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id           bigint NOT NULL REFERENCES app_user(id),
        candidate_user_id bigint REFERENCES app_user(id),
        referral_code     text,
        shop_id           bigint,
        via               text NOT NULL CHECK (via IN ('login','explicit','clone')),
        mode              text NOT NULL,
        outcome           text NOT NULL CHECK (outcome IN ('bound','rebound','unchanged','refused')),
        reason            text,
        previous_upline_id bigint,
        created_at        timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX referral_binding_log_user ON referral_binding_log (user_id, id DESC);

      -- One row per paid order made through a distributor, with the distributor's chain at payment time.
      -- Team sales read it by index; it is informational and never a basis for pay.
      CREATE TABLE distribution_sale (
        order_id            bigint PRIMARY KEY,
        merchant_id         bigint NOT NULL,
        shop_id             bigint,
        distributor_user_id bigint NOT NULL REFERENCES app_user(id),
        buyer_user_id       bigint,
        upline1_id          bigint,
        upline2_id          bigint,
        upline3_id          bigint,
        paid_amount         bigint NOT NULL CHECK (paid_amount >= 0),
        refunded_amount     bigint NOT NULL DEFAULT 0 CHECK (refunded_amount BETWEEN 0 AND paid_amount),
        paid_at             timestamptz NOT NULL
      );
      CREATE INDEX distribution_sale_own ON distribution_sale (distributor_user_id, paid_at DESC);
      CREATE INDEX distribution_sale_up1 ON distribution_sale (upline1_id, paid_at) WHERE upline1_id IS NOT NULL;
      CREATE INDEX distribution_sale_up2 ON distribution_sale (upline2_id, paid_at) WHERE upline2_id IS NOT NULL;
      CREATE INDEX distribution_sale_up3 ON distribution_sale (upline3_id, paid_at) WHERE upline3_id IS NOT NULL;

      CREATE TABLE commission (
        id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id            bigint NOT NULL,
        order_item_id       bigint NOT NULL,
        merchant_id         bigint NOT NULL,
        product_id          bigint,
        beneficiary_user_id bigint NOT NULL REFERENCES app_user(id),
        level               smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
        base_amount         bigint NOT NULL CHECK (base_amount > 0),
        rate_bps            integer NOT NULL CHECK (rate_bps BETWEEN 0 AND 5000),
        amount              bigint NOT NULL CHECK (amount > 0),
        refunded_base       bigint NOT NULL DEFAULT 0 CHECK (refunded_base BETWEEN 0 AND base_amount),
        reversed_amount     bigint NOT NULL DEFAULT 0 CHECK (reversed_amount BETWEEN 0 AND amount),
        status              text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','available','reversed')),
        releasable_at       timestamptz,
        released_at         timestamptz,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        UNIQUE (order_item_id, level)
      );
      CREATE INDEX commission_beneficiary ON commission (beneficiary_user_id, id DESC);
      CREATE INDEX commission_order ON commission (order_id);
      CREATE INDEX commission_due ON commission (releasable_at) WHERE status = 'pending';

      -- One row per (refund, commission): makes a refund's reversal happen once, and explains it.
      CREATE TABLE commission_reversal (
        refund_key    text NOT NULL,
        commission_id bigint NOT NULL REFERENCES commission(id),
        refunded_base bigint NOT NULL,
        amount        bigint NOT NULL CHECK (amount >= 0),
        from_status   text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (refund_key, commission_id)
      );

      CREATE TABLE withdrawal (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id          bigint NOT NULL REFERENCES app_user(id),
        amount           bigint NOT NULL CHECK (amount > 0),
        status           text NOT NULL DEFAULT 'created'
                         CHECK (status IN ('created','wait_user_confirm','transferring','succeeded','failed','cancelled')),
        -- fixed at creation and never changed: WeChat de-duplicates transfer bills by it
        out_bill_no      text NOT NULL UNIQUE,
        openid           text NOT NULL,
        business_date    date NOT NULL,
        transfer_bill_no text,
        package_info     text,
        fail_reason      text,
        last_error       text,
        attempts         integer NOT NULL DEFAULT 0,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        settled_at       timestamptz
      );
      CREATE INDEX withdrawal_user ON withdrawal (user_id, id DESC);
      CREATE INDEX withdrawal_user_day ON withdrawal (user_id, business_date);
      CREATE INDEX withdrawal_open ON withdrawal (updated_at) WHERE status IN ('created','wait_user_confirm','transferring');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE withdrawal, commission_reversal, commission, distribution_sale, referral_binding_log;
      DROP INDEX app_user_team1, app_user_team2, app_user_team3;
      CREATE INDEX app_user_upline1 ON app_user (upline1_id) WHERE upline1_id IS NOT NULL;
      CREATE INDEX app_user_upline2 ON app_user (upline2_id) WHERE upline2_id IS NOT NULL;
      CREATE INDEX app_user_upline3 ON app_user (upline3_id) WHERE upline3_id IS NOT NULL;
    `);
  }
}
