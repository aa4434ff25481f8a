import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SyncRunsControl, SyncRunView } from '@app/hubspot';
import { BF_USERS_DDL, seedUsers } from './backfill-worker-source';

/** Creates the suites' users table and inserts `count` users (see seedUsers). */
export async function seedBackfillUsers(app: INestApplication, count: number): Promise<void> {
  const ds = app.get(DataSource);
  await ds.query(BF_USERS_DDL);
  const rows = seedUsers(count);
  for (let i = 0; i < rows.length; i += 2000) {
    const values = rows
      .slice(i, i + 2000)
      .map((u) => [u.email, u.firstName, u.lastName, u.plan, u.companyDomain]);
    await ds.query('INSERT INTO bf_users (email, first_name, last_name, plan, company_domain) VALUES ?', [
      values,
    ]);
  }
}

/** Polls a run until `done` holds; throws with the run's state on failure or timeout. */
export async function waitForRun(
  app: INestApplication,
  id: number,
  done: (run: SyncRunView) => boolean,
  timeoutMs: number,
  context: () => string = () => '',
): Promise<SyncRunView> {
  const control = app.get(SyncRunsControl);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await control.view(id);
    if (done(run)) return run;
    if (run.status === 'failed' || run.status === 'cancelled' || Date.now() > deadline) {
      throw new Error(
        `run ${id} is ${run.status} at ${run.processed}/${run.total}: ${run.error ?? 'timeout'}\n${context()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
