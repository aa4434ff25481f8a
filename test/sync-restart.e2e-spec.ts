import { INestApplication } from '@nestjs/common';
import { ContactsService } from '@app/hubspot';
import type { EmulatorHandle } from '@app/hubspot-emulator';
import {
  CrmAppEnv,
  CrmBackend,
  createCrmApp,
  liveObjects,
  recordSynced,
  startCrmBackend,
  waitUntil,
} from './support/crm-app';

const PORTAL = 1001;
const TOKEN = 'pat-sync-restart';
const USERS = 600;

/**
 * The worker is shut down while batches are in flight and intents are still queued; a new app (same Redis,
 * same database) takes over. Nothing is lost, nothing is sent twice, each contact ends in its last state.
 */
describe('worker restart mid-stream (real MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let backend: CrmBackend;
  let env: CrmAppEnv;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    backend = await startCrmBackend('sync-restart', TOKEN, PORTAL);
    emu = backend.emu;
    env = { ...backend.env, batchSize: 20, concurrency: 2, coalesceWindowMs: 50 };
  });

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await backend?.stop();
  });

  /** Closes an app once (a second close would run the shutdown hooks again). */
  async function close(app: INestApplication): Promise<void> {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  }

  async function boot(overrides: Partial<CrmAppEnv> = {}): Promise<INestApplication> {
    const app = await createCrmApp({ ...env, ...overrides });
    apps.push(app);
    return app;
  }

  it('loses no intent when the worker app is closed and a new one starts', async () => {
    // Slow HubSpot: batches are in flight when the first app closes.
    emu.control.faults([{ pathPattern: 'batch/upsert', latencyMs: 150 }]);
    const first = await boot();
    const firstSynced = recordSynced(first);
    const contacts = first.get(ContactsService);
    await Promise.all(
      Array.from({ length: USERS }, (_, i) =>
        contacts.upsert({
          email: `restart${i}@example.com`,
          properties: { firstname: `R${i}`, plan: 'free' },
        }),
      ),
    );
    // A second intent per user, merged with the first if that was not sent yet.
    await Promise.all(
      Array.from({ length: USERS }, (_, i) =>
        contacts.upsert({ email: `restart${i}@example.com`, properties: { plan: i % 2 ? 'pro' : 'team' } }),
      ),
    );
    await waitUntil(() => firstSynced.length >= 60, 20_000, 'the first app to sync some contacts');
    await close(first);
    const sentByFirst = new Set(firstSynced.map((e) => e.localKey)).size;
    expect(sentByFirst).toBeLessThan(USERS);

    const second = await boot();
    const secondSynced = recordSynced(second);
    await waitUntil(
      () => {
        const stored = liveObjects(emu, PORTAL, 'contacts');
        return stored.length === USERS && stored.every((o) => o.properties.plan !== 'free');
      },
      30_000,
      'every contact in its final state',
    );
    expect(secondSynced.length).toBeGreaterThan(0);
    const stored = liveObjects(emu, PORTAL, 'contacts');
    const byEmail = new Map(stored.map((o) => [o.properties.email, o.properties]));
    expect(byEmail.size).toBe(USERS);
    for (let i = 0; i < USERS; i++) {
      expect(byEmail.get(`restart${i}@example.com`)).toMatchObject({
        firstname: `R${i}`,
        plan: i % 2 ? 'pro' : 'team',
      });
    }
    await close(second);
  });

  it('keeps intents queued by a web-only app (worker: false) until a worker app runs them', async () => {
    emu.control.clearFaults();
    const web = await boot({ worker: false });
    const webSynced = recordSynced(web);
    const contacts = web.get(ContactsService);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        contacts.upsert({ email: `web${i}@example.com`, properties: { plan: 'free' } }),
      ),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(webSynced).toHaveLength(0);
    expect(
      liveObjects(emu, PORTAL, 'contacts').filter((o) => o.properties.email?.startsWith('web')),
    ).toHaveLength(0);
    await close(web);

    const worker = await boot();
    const workerSynced = recordSynced(worker);
    await waitUntil(() => workerSynced.length >= 50, 20_000, 'the worker app to send the queued intents');
    expect(
      liveObjects(emu, PORTAL, 'contacts').filter((o) => o.properties.email?.startsWith('web')),
    ).toHaveLength(50);
  });
});
