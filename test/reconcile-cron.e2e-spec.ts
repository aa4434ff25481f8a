import { INestApplication } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { HubspotSyncRun } from '@app/hubspot';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import {
  RECONCILIATION_CRON_NAME,
  ReconciliationScheduler,
} from '@app/hubspot/runs/reconciliation/reconciliation.scheduler';
import { DataSource } from 'typeorm';
import { BackfillAppEnv, BF_PROPERTIES, createBackfillApp } from './support/backfill-worker-app';
import { seedBackfillUsers } from './support/backfill-worker-seed';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';

const PORTAL = 1007;

/**
 * Two pods tick the same reconciliation cron (every 2 s); each tick only enqueues a slot-keyed job, so every
 * slot yields one run cluster-wide. One pod has the host's ScheduleModule (the cron shows in its
 * SchedulerRegistry), the other has none (the module never calls ScheduleModule.forRoot itself).
 */
describe('scheduled reconciliation, one run per slot across pods (real MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let database: string;
  const pods: INestApplication[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('reconcile_cron');
    emu = await startEmulator({
      portals: [{ portalId: PORTAL, tokens: ['pat-cron-token'], properties: BF_PROPERTIES }],
    });
    const env: BackfillAppEnv = {
      database,
      redisPrefix: uniquePrefix('cron'),
      emulatorUrl: emu.url,
      token: 'pat-cron-token',
      portalId: PORTAL,
      maxPerWindow: 100,
      windowMs: 1000,
      worker: true,
      withCompanies: false,
      cron: '*/2 * * * * *',
    };
    pods.push(await createBackfillApp({ ...env, schedule: true }));
    await seedBackfillUsers(pods[0], 50);
    pods.push(await createBackfillApp({ ...env, migrate: false }));
  });

  afterAll(async () => {
    for (const pod of pods) await pod.close();
    await emu?.stop();
    await dropTestDatabase(database);
  });

  it('ticks on both pods and runs each slot once', async () => {
    expect(pods[0].get(SchedulerRegistry).getCronJob(RECONCILIATION_CRON_NAME)).toBeDefined();
    const ticks = pods.map((pod) => jest.spyOn(pod.get(ReconciliationScheduler), 'tick'));
    const runs = () =>
      pods[0]
        .get(DataSource)
        .getRepository(HubspotSyncRun)
        .find({ where: { kind: 'reconcile' }, order: { id: 'ASC' } });
    // Runs started by ticks before the spies were installed count as completed too: wait for both.
    const done = async () =>
      (await runs()).filter((r) => r.status === 'completed').length >= 2 &&
      ticks.every((t) => t.mock.calls.length >= 2);
    const deadline = Date.now() + 20_000;
    while (!(await done()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const all = await runs();
    expect(all.filter((r) => r.status === 'completed').length).toBeGreaterThanOrEqual(2);
    expect(ticks[0].mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(ticks[1].mock.calls.length).toBeGreaterThanOrEqual(2);
    const slots = all.map((r) => r.slotKey);
    expect(slots.every((s) => s?.startsWith(`reconcile:${PORTAL}:`))).toBe(true);
    expect(new Set(slots).size).toBe(all.length);
    // Both pods ticked every slot, yet no slot has two runs: at most one run per 2-second slot.
    const times = slots.map((s) => Number(s!.split(':')[2]));
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(2000);
    expect(all.every((r) => r.requestedBy === 'cron')).toBe(true);
    expect(all[0].report?.reconcile).toMatchObject({ checked: 50, missing: 50, fixed: 50 });
  });
});
