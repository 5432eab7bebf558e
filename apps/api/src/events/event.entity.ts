/**
 * TypeORM entities of domain_event, event_delivery. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn } from '../database/money.js';

@Index('domain_event_aggregate', ['aggregateType', 'aggregateId'])
@Entity('domain_event')
export class DomainEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'text', name: 'aggregate_type' }) aggregateType: string;
  @BigIntColumn({ name: 'aggregate_id' }) aggregateId: number;
  @Column({ type: 'jsonb', default: () => "'{}'" }) payload: unknown;
  @Column({ type: 'timestamptz', name: 'occurred_at', default: () => 'now()' }) occurredAt: Date;
}

@Check('event_delivery_status_check', `status IN ('pending', 'done', 'dead')`)
@MigrationIndex('event_delivery_pending', ['nextAt'], `(next_at) WHERE (status = 'pending')`)
@Entity('event_delivery')
export class EventDelivery {
  @ForeignKey('domain_event', { name: 'event_delivery_event_id_fkey' })
  @BigIntColumn({ name: 'event_id', primary: true })
  eventId: number;
  @PrimaryColumn({ type: 'text' }) subscriber: string;
  @Column({ type: 'text', default: 'pending' }) status: 'pending' | 'done' | 'dead';
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ type: 'timestamptz', name: 'next_at', default: () => 'now()' }) nextAt: Date;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError: string | null;
  @Column({ type: 'timestamptz', name: 'done_at', nullable: true }) doneAt: Date | null;
}
