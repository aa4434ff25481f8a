import { getQueueToken } from '@nestjs/bull';
import { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { BackfillService, SyncRunView } from '@app/hubspot';
import { RUNS_QUEUE } from '@app/hubspot/testing';
import { startEmulator } from '@app/hubspot-emulator';
import { BackfillAppEnv, BF_PROPERTIES, createBackfillApp } from './support/backfill-worker-app';
import { seedBackfillUsers, waitForRun } from './support/backfill-worker-seed';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';

/** The emulator counts requests by route pattern. */
const UPSERTS = 'POST /crm/objects/:version/:objectType/batch/upsert';

async function setup(
  name: string,
  portalId: number,
  limits: { maxPerWindow: number; windowMs: number; daily: number },
  extra: Partial<BackfillAppEnv> = {},
) {
  const database = await createTestDatabase(name);
  const emu = await startEmulator({
    portals: [{ portalId, tokens: [`pat-${name}`], limits, properties: BF_PROPERTIES }],
  });
  const app = await createBackfillApp({
    database,
    redisPrefix: uniquePrefix(name),
    emulatorUrl: emu.url,
    token: `pat-${name}`,
    portalId,
    maxPerWindow: limits.maxPerWindow,
    windowMs: limits.windowMs,
    worker: true,
    withCompanies: false,
    ...extra,
  });
  const close = async () => {
    await app.close();
    await emu.stop();
    await dropTestDatabase(database);
  };
  return { database, emu, app, close };
}

describe('backfill dry run, pause/resume/cancel (real MariaDB, Redis, emulator)', () => {
  const PORTAL = 1004;
  let ctx: Awaited<ReturnType<typeof setup>>;
  const upserts = () =>
    Object.values(ctx.emu.control.stats().requests[UPSERTS] ?? {}).reduce((a, b) => a + b, 0);
  const start = (opts: Parameters<BackfillService['start']>[0]) => ctx.app.get(BackfillService).start(opts);
  const wait = (id: number, done: (r: SyncRunView) => boolean) => waitForRun(ctx.app, id, done, 30_000);

  beforeAll(async () => {
    ctx = await setup('bf_controls', PORTAL, { maxPerWindow: 20, windowMs: 500, daily: 1_000_000 });
    await seedBackfillUsers(ctx.app, 1000);
  });
  afterAll(() => ctx?.close());

  it('pauses after the current batch, resumes from the checkpoint, and completes exactly', async () => {
    const run = await start({ kind: 'contacts', batchSize: 10 });
    await wait(run.id, (r) => r.processed >= 200);
    const paused = await ctx.app.get(BackfillService).pause(run.id);
    expect(paused.status).toBe('paused');
    await new Promise((r) => setTimeout(r, 300)); // in-flight batches settle
    const frozen = (await wait(run.id, () => true)).processed;
    const calls = upserts();
    expect(calls).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 700));
    expect((await wait(run.id, () => true)).processed).toBe(frozen);
    expect(upserts()).toBe(calls);
    expect(frozen).toBeLessThan(1000);

    await ctx.app.get(BackfillService).resume(run.id);
    const done = await wait(run.id, (r) => r.status === 'completed');
    expect(done).toMatchObject({ processed: 1000, failed: 0, total: 1000 });
    expect(done.resumedCount).toBe(1);
    expect(ctx.emu.control.objects(PORTAL, 'contacts')).toHaveLength(1000);
  });

  it('dry run counts creates, updates and unchanged and the calls it would cost, and writes nothing', async () => {
    const ds = ctx.app.get(DataSource);
    await ds.query("UPDATE bf_users SET plan = 'changed' WHERE id <= 20");
    await ds.query(
      `INSERT INTO bf_users (email, first_name, last_name, plan) VALUES ${Array.from(
        { length: 50 },
        (_, i) => `('new${i}@example.com', 'New', 'User${i}', 'free')`,
      ).join(', ')}`,
    );
    const before = upserts();
    const run = await start({ kind: 'contacts', dryRun: true });
    const done = await wait(run.id, (r) => r.status === 'completed');
    expect(done.report?.dryRun).toMatchObject({
      wouldCreate: 50,
      wouldUpdate: 20,
      unchanged: 1000 - 20,
      estimatedCalls: 2, // ids 1-100 and 1001-1050 hold changes; pages of 100
      dailyLimit: 1_000_000,
    });
    expect(done.report!.dryRun!.shareOfDailyBudget).toBeCloseTo(2 / 1_000_000, 10);
    expect(done.report!.dryRun!.readCalls).toBeGreaterThan(0);
    expect(upserts()).toBe(before);
    expect(ctx.emu.control.objects(PORTAL, 'contacts')).toHaveLength(1000);
  });

  it('cancels a running run for good', async () => {
    const run = await start({ kind: 'contacts', dryRun: true, batchSize: 5 });
    await wait(run.id, (r) => r.processed >= 50);
    const cancelled = await ctx.app.get(BackfillService).cancel(run.id);
    expect(cancelled.status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 500));
    const after = await wait(run.id, () => true);
    expect(after.status).toBe('cancelled');
    expect(after.finishedAt).not.toBeNull();
    expect(after.processed).toBeLessThan(1050);
  });
});

describe('backfill parks when the daily budget is spent (real MariaDB, Redis, emulator)', () => {
  const PORTAL = 1005;
  let ctx: Awaited<ReturnType<typeof setup>>;

  beforeAll(async () => {
    ctx = await setup(
      'bf_daily',
      PORTAL,
      { maxPerWindow: 100, windowMs: 500, daily: 15 },
      { dailyReserve: 0 },
    );
    await seedBackfillUsers(ctx.app, 3000);
  });
  afterAll(() => ctx?.close());

  it('parks until the portal reset and keeps its checkpoint, with a delayed job to continue', async () => {
    const run = await ctx.app.get(BackfillService).start({ kind: 'contacts' });
    const parked = await waitForRun(ctx.app, run.id, (r) => r.status === 'parked', 30_000);
    expect(parked.parkedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(parked.parkedUntil!.getTime() - Date.now()).toBeLessThanOrEqual(25 * 3600_000);
    expect(parked.processed).toBeGreaterThan(0);
    expect(parked.processed).toBeLessThan(3000);
    const contacts = ctx.emu.control.objects(PORTAL, 'contacts').length;
    expect(contacts).toBeGreaterThanOrEqual(parked.processed);
    const queue = ctx.app.get<Queue>(getQueueToken(RUNS_QUEUE));
    let delayed: Array<{ data: unknown; opts: { delay?: number } }> = [];
    for (let i = 0; i < 50 && !delayed.length; i++) {
      await new Promise((r) => setTimeout(r, 20));
      delayed = await queue.getDelayed();
    }
    expect(delayed.map((j) => j.data)).toEqual([{ runId: run.id }]);
    expect(delayed[0].opts.delay).toBeGreaterThan(0);
    const daily429s = ctx.emu.control.stats().rateLimited.DAILY;
    await new Promise((r) => setTimeout(r, 500));
    expect(ctx.emu.control.stats().rateLimited.DAILY).toBe(daily429s);
  });
});
