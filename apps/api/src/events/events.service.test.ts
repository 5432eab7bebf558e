import { startTestApi, type TestApi } from '../../test/harness.js';
import { type DomainEvent, EventsService } from './events.service.js';

let t: TestApi;
let events: EventsService;
const seen: DomainEvent[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  t = await startTestApi();
  events = t.api.app.get(EventsService);
  events.subscribe('test.recorder', ['test.happened'], async (em, event) => {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new Error('transient failure');
    }
    await em.query('SELECT 1');
    seen.push(event);
  });
});
afterAll(async () => {
  await t?.close();
});

async function until(predicate: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

test('an event published in a rolled-back transaction never reaches subscribers', async () => {
  const aggregateId = 880001;
  await expect(
    t.ds.transaction(async (em) => {
      await events.publish(em, 'test.happened', { type: 'test', id: aggregateId });
      throw new Error('business rule failed');
    }),
  ).rejects.toThrow('business rule failed');
  await events.kick();
  expect(seen.filter((e) => e.aggregateId === aggregateId)).toHaveLength(0);
  const rows = await t.ds.query('SELECT 1 FROM domain_event WHERE aggregate_id = $1', [aggregateId]);
  expect(rows).toHaveLength(0);
});

test('a committed event is delivered once, after commit, woken by NOTIFY', async () => {
  const aggregateId = 880002;
  await t.ds.transaction((em) => events.publish(em, 'test.happened', { type: 'test', id: aggregateId }, { amount: 100 }));
  await until(() => seen.some((e) => e.aggregateId === aggregateId));
  await events.kick();
  const mine = seen.filter((e) => e.aggregateId === aggregateId);
  expect(mine).toHaveLength(1);
  expect(mine[0]!.payload).toEqual({ amount: 100 });
});

test('a failing handler is retried with backoff until it succeeds', async () => {
  const aggregateId = 880003;
  failuresLeft = 1;
  await t.ds.transaction((em) => events.publish(em, 'test.happened', { type: 'test', id: aggregateId }));
  await until(() => seen.some((e) => e.aggregateId === aggregateId));
  // the handler ran; its transaction (with the "done" mark) commits when the current drain finishes
  await events.kick();
  const [delivery] = await t.ds.query(`SELECT d.status, d.attempts FROM event_delivery d JOIN domain_event e ON e.id = d.event_id WHERE e.aggregate_id = $1`, [
    aggregateId,
  ]);
  expect(delivery).toEqual({ status: 'done', attempts: 2 });
});
