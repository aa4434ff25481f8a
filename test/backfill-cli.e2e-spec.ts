import { PassThrough } from 'node:stream';
import { runHubspotCli } from '@app/hubspot';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import {
  BackfillAppEnv,
  backfillAppModule,
  BF_PROPERTIES,
  createBackfillApp,
} from './support/backfill-worker-app';
import { seedBackfillUsers } from './support/backfill-worker-seed';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';

const USERS = 300;
const PORTAL = 1006;

/** `npm run hubspot -- ...` as operators use it: runHubspotCli over the host's module (here the suites' app). */
describe('hubspot CLI (real MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let database: string;
  let env: BackfillAppEnv;

  beforeAll(async () => {
    database = await createTestDatabase('bf_cli');
    emu = await startEmulator({
      portals: [{ portalId: PORTAL, tokens: ['pat-cli-token'], properties: BF_PROPERTIES }],
    });
    env = {
      database,
      redisPrefix: uniquePrefix('cli'),
      emulatorUrl: emu.url,
      token: 'pat-cli-token',
      portalId: PORTAL,
      maxPerWindow: 100,
      windowMs: 1000,
      worker: true,
      withCompanies: false,
    };
    const app = await createBackfillApp({ ...env, worker: false });
    await seedBackfillUsers(app, USERS);
    await app.close();
  });

  afterAll(async () => {
    await emu?.stop();
    await dropTestDatabase(database);
  });

  /** Commands that only read or refuse boot a web-only config (no queue processors), like an ops pod. */
  const readOnly = (args: string[]) =>
    !['backfill', 'reconcile'].includes(args[0]) || args.includes('everything');

  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
    out.on('data', (c: Buffer) => chunks.out.push(c));
    err.on('data', (c: Buffer) => chunks.err.push(c));
    const module = backfillAppModule({ ...env, worker: !readOnly(args) });
    const code = await runHubspotCli(module, ['node', 'hubspot', ...args], { out, err });
    return { code, out: Buffer.concat(chunks.out).toString(), err: Buffer.concat(chunks.err).toString() };
  }

  it('backfills with a progress bar and a summary, then a dry run finds nothing to do', async () => {
    const run = await cli('backfill', '--kind', 'contacts');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/Run \d+ \(backfill\) completed: 300\/300 processed, 0 failed, \d+ calls/);
    expect(run.out).toContain('contacts: 300/300 (created 300, updated 0, unchanged 0, failed 0)');
    expect(run.err).toMatch(/run \d+ .*\| 300\/300 \|.*calls \d+/);
    expect(emu.control.objects(PORTAL, 'contacts')).toHaveLength(USERS);

    const dry = await cli('backfill', '--dry-run', '--kind', 'contacts');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('would create 0, update 0, leave 300 unchanged');
    expect(dry.out).toMatch(/would spend ~0 calls \(0\.00% of the daily budget/);
  });

  it('reconciles, lists runs and dead letters', async () => {
    const rec = await cli('reconcile', '--kind', 'contacts');
    expect(rec.code).toBe(0);
    expect(rec.out).toContain('checked 300, missing 0, drifted 0, fixed 0, failed 0');

    const runs = await cli('runs', '--portal', String(PORTAL));
    expect(runs.code).toBe(0);
    const lines = runs.out.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+KIND\s+SCOPE\s+PORTAL\s+STATUS/);
    expect(lines.slice(2)).toHaveLength(3);
    expect(lines[2]).toMatch(/reconcile\s+contacts\s+1006\s+completed/);

    const letters = await cli('dead-letters', 'list');
    expect(letters).toMatchObject({ code: 0, out: 'No dead letters.\n' });
  });

  it('refuses bad input with a non-zero exit code', async () => {
    const kind = await cli('backfill', '--kind', 'everything');
    expect(kind.code).not.toBe(0);
    expect(kind.err).toMatch(/Allowed choices are contacts, companies, all/);
    const replay = await cli('dead-letters', 'replay');
    expect(replay.code).toBe(1);
    expect(replay.err).toContain('dead-letters replay <id>');
    const missing = await cli('run', '424242');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Run 424242 does not exist');
  });
});
