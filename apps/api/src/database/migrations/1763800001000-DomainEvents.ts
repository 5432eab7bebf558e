import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Transactional outbox: events are written in the transaction that caused them, one delivery row per subscriber. */
export class DomainEvents1763800001000 implements MigrationInterface {
  name = 'DomainEvents1763800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE domain_event (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        type           text NOT NULL,
        aggregate_type text NOT NULL,
        aggregate_id   bigint NOT NULL,
        payload        jsonb NOT NULL DEFAULT '{}',
        occurred_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX domain_event_aggregate ON domain_event (aggregate_type, aggregate_id);

      CREATE TABLE event_delivery (
        event_id    bigint NOT NULL REFERENCES domain_event(id),
        subscriber  text NOT NULL,
        status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done','dead')),
        attempts    integer NOT NULL DEFAULT 0,
        next_at     timestamptz NOT NULL DEFAULT now(),
        last_error  text,
        done_at     timestamptz,
        PRIMARY KEY (event_id, subscriber)
      );
      CREATE INDEX event_delivery_pending ON event_delivery (next_at) WHERE status = 'pending';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE event_delivery, domain_event');
  }
}
