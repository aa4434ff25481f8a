import { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import { ContactsService, SyncedEvent, SyncEvents } from '@app/hubspot';
import { WEBHOOKS_QUEUE } from '@app/hubspot/testing';
import type { Queue } from 'bull';
import { randomBytes } from 'node:crypto';
import { CapturingLogger } from './support/capturing-logger';
import { waitUntil } from './support/crm-app';
import { createOAuthApp, installPortal, startOAuthBackend } from './support/oauth-app';
import { LocalRedisCluster, startRedisCluster } from './support/redis-cluster';
import { SuiteBackend } from './support/suite-backend';

const PORTALS = [5101, 5102, 5103];
const SIGNUPS = 1_000;
const CLIENT_ID = 'client-redis-cluster';
const CLIENT_SECRET = 'secret-redis-cluster-0123456789';

/**
 * The module on a real 3-master Redis Cluster (started here from redis-server, stopped at the end): limiter,
 * dispatcher, locks and Bull queues all work across slots. 1,000 signups over 3 portals arrive once each.
 */
describe('Redis Cluster (3 masters, real MariaDB, emulator)', () => {
  let cluster: LocalRedisCluster;
  let backend: SuiteBackend;
  let app: INestApplication;
  const logs = new CapturingLogger();

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    backend = await startOAuthBackend(
      'redis-cluster',
      PORTALS,
      { maxPerWindow: 20, windowMs: 1_000 },
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    );
    app = await createOAuthApp(backend, {
      logger: logs,
      auth: {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUri: 'http://127.0.0.1:3999/hubspot/oauth/callback',
        scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
        encryptionKey: randomBytes(32).toString('base64'),
      },
      options: {
        redis: { cluster: { nodes: cluster.nodes }, keyPrefix: backend.redisPrefix },
        limits: { maxPerWindow: 20, windowMs: 1_000 },
        sync: { batchSize: 50, coalesceWindowMs: 50, concurrency: 4 },
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await backend?.stop();
    await cluster?.stop();
  });

  it('installs 3 portals and sends 1,000 signups across them: each contact once, no 429', async () => {
    for (const portalId of PORTALS) await installPortal(app.getHttpServer(), portalId);
    const synced: SyncedEvent[] = [];
    app.get(SyncEvents).on('synced', (e) => synced.push(e));
    const contacts = app.get(ContactsService);
    await Promise.all(
      Array.from({ length: SIGNUPS }, (_, i) =>
        contacts
          .forPortal(PORTALS[i % PORTALS.length])
          .upsert({ email: `cluster${i}@example.com`, properties: { firstname: `C${i}` } }),
      ),
    );
    await waitUntil(() => synced.length >= SIGNUPS, 90_000, 'every signup to reach HubSpot');

    expect(new Set(synced.map((e) => `${e.portalId}:${e.localKey}`)).size).toBe(SIGNUPS);
    expect(synced).toHaveLength(SIGNUPS);
    for (const [p, portalId] of PORTALS.entries()) {
      const emails = backend.emu.control.objects(portalId, 'contacts').map((o) => o.properties.email);
      const expected = Array.from({ length: SIGNUPS }, (_, i) => i)
        .filter((i) => i % PORTALS.length === p)
        .map((i) => `cluster${i}@example.com`);
      expect(emails.sort()).toEqual(expected.sort());
    }
    const stats = backend.emu.control.stats();
    expect(stats.rateLimited).toEqual({ TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 });
    for (const portalId of PORTALS) expect(stats.maxInAnyWindow[String(portalId)]).toBeLessThanOrEqual(20);
  });

  it('spreads the portals over the masters, and the Bull queues run on the cluster', async () => {
    const perNode = await cluster.keysPerNode();
    expect(perNode.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    const queue = app.get<Queue>(getQueueToken(WEBHOOKS_QUEUE));
    await queue.isReady();
    const job = await queue.add('probe', { at: 42 }, { delay: 60_000 });
    expect((await queue.getJob(job.id))?.data).toEqual({ at: 42 });
    expect((await queue.getJobCounts()).delayed).toBeGreaterThanOrEqual(1);
    await job.remove();
    expect(logs.lines.filter((l) => /CROSSSLOT|MOVED|error/i.test(l))).toEqual([]);
  });
});
