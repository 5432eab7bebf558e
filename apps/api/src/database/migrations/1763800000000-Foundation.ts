import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, merchants, the product library, shops, platform settings and the double-entry ledger.
 * Money is bigint fen; rates are integer basis points; timestamps are timestamptz (UTC instants,
 * business days are derived in Asia/Shanghai where needed).
 */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        openid        text NOT NULL UNIQUE,
        unionid       text,
        nickname      text NOT NULL DEFAULT '微信用户',
        avatar_url    text,
        referral_code text NOT NULL UNIQUE,
        -- upline chain, written once at bind time so commission/team reads never walk a tree
        upline1_id    bigint REFERENCES app_user(id),
        upline2_id    bigint REFERENCES app_user(id),
        upline3_id    bigint REFERENCES app_user(id),
        bound_at      timestamptz,
        bind_expires_at timestamptz,
        is_distributor boolean NOT NULL DEFAULT false,
        created_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX app_user_upline1 ON app_user (upline1_id) WHERE upline1_id IS NOT NULL;
      CREATE INDEX app_user_upline2 ON app_user (upline2_id) WHERE upline2_id IS NOT NULL;
      CREATE INDEX app_user_upline3 ON app_user (upline3_id) WHERE upline3_id IS NOT NULL;

      -- session_key never leaves the server; kept apart from the user row so no query leaks it by accident
      CREATE TABLE wechat_session (
        user_id     bigint PRIMARY KEY REFERENCES app_user(id),
        session_key text NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE merchant (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name             text NOT NULL,
        logo_url         text,
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected','suspended')),
        owner_user_id    bigint NOT NULL REFERENCES app_user(id),
        after_sale_days  integer NOT NULL DEFAULT 7 CHECK (after_sale_days BETWEEN 0 AND 90),
        commission_l1_bps integer NOT NULL DEFAULT 1000 CHECK (commission_l1_bps BETWEEN 0 AND 5000),
        commission_l2_bps integer NOT NULL DEFAULT 0 CHECK (commission_l2_bps BETWEEN 0 AND 5000),
        commission_l3_bps integer NOT NULL DEFAULT 0 CHECK (commission_l3_bps BETWEEN 0 AND 5000),
        settlement_mode  text NOT NULL DEFAULT 'manual' CHECK (settlement_mode IN ('profit_sharing','manual')),
        restock_on_refund boolean NOT NULL DEFAULT true,
        created_at       timestamptz NOT NULL DEFAULT now(),
        approved_at      timestamptz
      );

      CREATE TABLE merchant_member (
        merchant_id bigint NOT NULL REFERENCES merchant(id),
        user_id     bigint NOT NULL REFERENCES app_user(id),
        role        text NOT NULL CHECK (role IN ('owner','staff')),
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (merchant_id, user_id)
      );
      CREATE INDEX merchant_member_user ON merchant_member (user_id);

      CREATE TABLE product (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        merchant_id  bigint NOT NULL REFERENCES merchant(id),
        title        text NOT NULL,
        subtitle     text NOT NULL DEFAULT '',
        description  text NOT NULL DEFAULT '',
        images       jsonb NOT NULL DEFAULT '[]',
        category     text NOT NULL DEFAULT '',
        spec_names   jsonb NOT NULL DEFAULT '[]',
        status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','on_sale','off_sale')),
        -- per-product commission override; NULL means "use the merchant's default"
        commission_l1_bps integer CHECK (commission_l1_bps BETWEEN 0 AND 5000),
        commission_l2_bps integer CHECK (commission_l2_bps BETWEEN 0 AND 5000),
        commission_l3_bps integer CHECK (commission_l3_bps BETWEEN 0 AND 5000),
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX product_merchant ON product (merchant_id, status);
      CREATE INDEX product_on_sale ON product (id) WHERE status = 'on_sale';

      CREATE TABLE sku (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        product_id  bigint NOT NULL REFERENCES product(id),
        merchant_id bigint NOT NULL REFERENCES merchant(id),
        spec_values jsonb NOT NULL DEFAULT '[]',
        price       bigint NOT NULL CHECK (price > 0),
        list_price  bigint CHECK (list_price IS NULL OR list_price > 0),
        stock       integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
        sold        integer NOT NULL DEFAULT 0 CHECK (sold >= 0),
        code        text NOT NULL DEFAULT '',
        active      boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sku_product ON sku (product_id);

      CREATE TABLE stock_adjustment (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        sku_id        bigint NOT NULL REFERENCES sku(id),
        merchant_id   bigint NOT NULL REFERENCES merchant(id),
        delta         integer NOT NULL,
        stock_after   integer NOT NULL,
        reason        text NOT NULL,
        actor_user_id bigint REFERENCES app_user(id),
        created_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX stock_adjustment_sku ON stock_adjustment (sku_id, created_at DESC);

      CREATE TABLE shop (
        id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind                text NOT NULL CHECK (kind IN ('merchant','distributor')),
        owner_user_id       bigint NOT NULL REFERENCES app_user(id),
        merchant_id         bigint REFERENCES merchant(id),
        name                text NOT NULL,
        avatar_url          text,
        banner_url          text,
        theme               text NOT NULL DEFAULT 'red',
        cloned_from_shop_id bigint REFERENCES shop(id),
        created_at          timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'merchant') = (merchant_id IS NOT NULL))
      );
      -- a user has at most one distributor shop: the guarantee behind idempotent one-tap cloning
      CREATE UNIQUE INDEX shop_one_per_distributor ON shop (owner_user_id) WHERE kind = 'distributor';
      CREATE UNIQUE INDEX shop_one_per_merchant ON shop (merchant_id) WHERE kind = 'merchant';

      CREATE TABLE shop_product (
        shop_id    bigint NOT NULL REFERENCES shop(id),
        product_id bigint NOT NULL REFERENCES product(id),
        position   integer NOT NULL DEFAULT 0,
        added_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (shop_id, product_id)
      );
      CREATE INDEX shop_product_product ON shop_product (product_id);

      CREATE TABLE platform_setting (
        key        text PRIMARY KEY,
        value      jsonb NOT NULL,
        updated_by bigint REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- Double-entry ledger. An account is named by a stable code such as 'merchant:12:payable'.
      CREATE TABLE ledger_account (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code       text NOT NULL UNIQUE,
        kind       text NOT NULL,
        owner_type text,
        owner_id   bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ledger_account_owner ON ledger_account (owner_type, owner_id);

      CREATE TABLE ledger_posting (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind            text NOT NULL,
        -- the business fact this posting records, e.g. 'payment:4200001234'; makes every effect happen once
        idempotency_key text NOT NULL UNIQUE,
        ref_type        text,
        ref_id          bigint,
        business_date   date NOT NULL,
        memo            text NOT NULL DEFAULT '',
        created_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ledger_posting_ref ON ledger_posting (ref_type, ref_id);
      CREATE INDEX ledger_posting_day ON ledger_posting (business_date, kind);

      CREATE TABLE ledger_entry (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        posting_id bigint NOT NULL REFERENCES ledger_posting(id),
        account_id bigint NOT NULL REFERENCES ledger_account(id),
        -- signed: debits positive, credits negative; each posting's entries sum to zero
        amount     bigint NOT NULL CHECK (amount <> 0),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ledger_entry_account ON ledger_entry (account_id, id);
      CREATE INDEX ledger_entry_posting ON ledger_entry (posting_id);

      -- The database itself refuses an unbalanced posting (checked at commit) and any edit of history.
      CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE total numeric;
      BEGIN
        SELECT COALESCE(SUM(amount), 0) INTO total FROM ledger_entry WHERE posting_id = NEW.posting_id;
        IF total <> 0 THEN
          RAISE EXCEPTION 'ledger posting % does not balance (sum %)', NEW.posting_id, total USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER ledger_entry_balanced AFTER INSERT ON ledger_entry
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

      CREATE FUNCTION ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger history is immutable: post a correction instead' USING ERRCODE = '23514';
      END $$;
      CREATE TRIGGER ledger_entry_immutable BEFORE UPDATE OR DELETE ON ledger_entry
        FOR EACH ROW EXECUTE FUNCTION ledger_immutable();
      CREATE TRIGGER ledger_posting_immutable BEFORE UPDATE OR DELETE ON ledger_posting
        FOR EACH ROW EXECUTE FUNCTION ledger_immutable();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE ledger_entry, ledger_posting, ledger_account, platform_setting, shop_product, shop,
        stock_adjustment, sku, product, merchant_member, merchant, wechat_session, app_user CASCADE;
      DROP FUNCTION ledger_check_balanced(); DROP FUNCTION ledger_immutable();
    `);
  }
}
