import pg from 'pg';
import { JobsService, JOBS_SCHEMA } from '../src/jobs/jobs.service.js';
import { startTestApi, testDatabaseUrl } from './harness.js';

/**
 * The scheduler is pg-boss: schedules live in PostgreSQL, so they exist before any worker runs and
 * survive a restart. The sweeps themselves are tested by calling them directly (orders/payments tests).
 */
test('commerce sweeps are registered as durable pg-boss schedules that outlive the process', async () => {
  const t = await startTestApi({ env: { JOBS_ENABLED: 'true' } });
  let names: string[];
  try {
    const jobs = t.api.app.get(JobsService);
    expect(jobs.registered()).toEqual(
      expect.arrayContaining(['orders.auto-close', 'orders.auto-receive', 'orders.auto-complete', 'payments.query-unpaid', 'payments.sync-refunds']),
    );
    const schedules = await jobs.schedules();
    names = schedules.map((s) => s.name);
    expect(schedules).toEqual(expect.arrayContaining([{ name: 'orders.auto-close', cron: '* * * * *' }]));
    expect(names).toEqual(expect.arrayContaining(jobs.registered()));
    // runNow goes through the same registry the workers use
    await expect(jobs.runNow('orders.auto-close')).resolves.toEqual({ closed: expect.any(Number) });
  } finally {
    await t.close();
  }
  // the process is gone; the schedule rows are still in the database for the next instance
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT name, cron FROM ${JOBS_SCHEMA}.schedule WHERE name = ANY($1)`, [names]);
    expect(rows.map((r) => r.name).sort()).toEqual([...names].sort());
  } finally {
    await client.end();
  }
}, 60_000);
