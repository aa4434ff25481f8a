import { INestApplication, Module, ValidationPipe } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { HUBSPOT_ENTITIES, HUBSPOT_MIGRATIONS, HubspotModule } from '@app/hubspot';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BackfillTestUser, BF_USERS_DDL, TestUsersContactSource } from './support/backfill-worker-source';
import { CapturingLogger } from './support/capturing-logger';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { DB, REDIS_URL, uniquePrefix } from './support/services';
import { PUBLIC_BASE, SECRET } from './webhooks-fixtures';

const PORTAL = 1004;
const TOKEN = 'pat-security-admin';
const ADMIN = 'admin-token-security-0123456789';

/**
 * Hostile input to the admin API of a host that installs a global ValidationPipe({ whitelist, transform })
 * (which strips unknown fields and converts numbers laxly before any route pipe runs). Every case checks the
 * 400, that no run was stored and HubSpot was not called, and that no SQL reached the log.
 */
describe('security: admin API input (host with a global whitelist pipe; MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let database: string;
  let app: INestApplication;
  const logs = new CapturingLogger();
  const auth = { authorization: `Bearer ${ADMIN}` };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    database = await createTestDatabase('security_admin');
    emu = await startEmulator({ portals: [{ portalId: PORTAL, tokens: [TOKEN] }] });
    @Module({
      imports: [
        TypeOrmModule.forRoot({
          type: 'mysql',
          ...DB,
          database,
          entities: [...HUBSPOT_ENTITIES, BackfillTestUser],
          migrations: [...HUBSPOT_MIGRATIONS],
          migrationsRun: true,
          retryAttempts: 0,
        }),
        TypeOrmModule.forFeature([BackfillTestUser]),
        HubspotModule.forRoot({
          auth: { type: 'private-app', accessToken: TOKEN, portalId: PORTAL },
          baseUrl: emu.url,
          redis: { url: REDIS_URL, keyPrefix: uniquePrefix('sec-admin') },
          // No queue processors: a started run stays queued, so nothing here calls HubSpot.
          sync: { worker: false },
          webhooks: { clientSecrets: [SECRET], publicBaseUrl: PUBLIC_BASE },
          admin: { token: ADMIN },
        }),
      ],
      providers: [TestUsersContactSource],
    })
    class SecurityAdminModule {}
    const moduleRef = await Test.createTestingModule({ imports: [SecurityAdminModule] }).compile();
    app = moduleRef.createNestApplication({ logger: logs });
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
    await app.init();
    await app.get(DataSource).query(BF_USERS_DDL);
  });

  afterAll(async () => {
    await app?.close();
    await emu?.stop();
    await dropTestDatabase(database);
  });

  const count = async (table: string) =>
    Number((await app.get(DataSource).query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  /** Runs `attack`, then checks that no run or dead letter appeared and HubSpot saw no call. */
  async function nothingHappens(attack: () => Promise<void>): Promise<void> {
    const before = [
      await count('hubspot_sync_runs'),
      await count('hubspot_dead_letters'),
      emu.control.stats().total,
    ];
    await attack();
    expect([
      await count('hubspot_sync_runs'),
      await count('hubspot_dead_letters'),
      emu.control.stats().total,
    ]).toEqual(before);
  }

  const send = (method: string, path: string, body?: unknown) => {
    const call =
      method === 'GET' ? http().get(path) : method === 'DELETE' ? http().delete(path) : http().post(path);
    const authed = call.set(auth);
    return body === undefined ? authed : authed.send(body as object);
  };

  const A = '/hubspot/admin';
  it.each([
    // offsets and numbers with no upper bound
    ['GET', `${A}/runs?offset=1e308`, undefined],
    ['GET', `${A}/runs?offset=1000001`, undefined],
    ['GET', `${A}/dead-letters?offset=99999999999999999999`, undefined],
    ['GET', `${A}/dead-letters?limit=1e3`, undefined],
    ['GET', `${A}/webhook-events?objectId=99999999999999999999`, undefined],
    ['GET', `${A}/webhook-events?objectId=1e3`, undefined],
    ['GET', `${A}/webhook-events/99999999999999999999`, undefined],
    // lax number parsing of query values
    ['GET', `${A}/runs?portalId=1e3`, undefined],
    ['GET', `${A}/runs?portalId=0x10`, undefined],
    ['GET', `${A}/runs?portalId=%201`, undefined],
    ['GET', `${A}/runs?portalId=9007199254740993`, undefined],
    ['GET', `${A}/runs?limit=1&limit=2`, undefined],
    // lax number parsing of path ids
    ['GET', `${A}/runs/1e3`, undefined],
    ['GET', `${A}/runs/0x10`, undefined],
    ['GET', `${A}/runs/%201`, undefined],
    ['GET', `${A}/runs/1.0`, undefined],
    ['GET', `${A}/runs/-1`, undefined],
    ['GET', `${A}/runs/9007199254740993`, undefined],
    ['GET', `${A}/runs/4294967296`, undefined],
    ['POST', `${A}/runs/1e3/cancel`, undefined],
    ['GET', `${A}/dead-letters/0x10`, undefined],
    ['POST', `${A}/dead-letters/1e3/replay`, undefined],
    ['DELETE', '/hubspot/oauth/portals/1e3', undefined],
    // unknown fields, which the host's whitelist pipe would silently strip
    ['GET', `${A}/runs?sort=id`, undefined],
    ['POST', `${A}/backfills`, { kind: 'contacts', unknown: 1 }],
    ['POST', `${A}/reconciliations`, { incremental: true, full: true }],
    ['POST', `${A}/dead-letters/replay`, { portalId: PORTAL, everything: true }],
    ['POST', `${A}/webhook-events/replay-failed`, { limit: 5, force: true }],
    // JSON numbers out of range, numbers sent as text, bodies that are not objects
    ['POST', `${A}/backfills`, { portalId: 1e308 }],
    ['POST', `${A}/backfills`, { batchSize: '50' }],
    ['POST', `${A}/backfills`, [{ kind: 'all' }]],
  ] as Array<[string, string, unknown]>)(
    '%s %s %j -> 400, nothing stored or called',
    async (method, path, body) => {
      await nothingHappens(async () => {
        const res = await send(method, path, body);
        expect(res.status).toBe(400);
        expect(res.body.message).toBeDefined();
      });
    },
  );

  it('the same routes with clean input work (the refusals above are not blanket ones)', async () => {
    const started = await send('POST', `${A}/backfills`, { kind: 'contacts', batchSize: 50 });
    expect(started.status).toBe(202);
    expect((await send('GET', `${A}/runs/${started.body.id}`)).status).toBe(200);
    expect((await send('GET', `${A}/runs?portalId=${PORTAL}&limit=10&offset=0`)).body).toHaveLength(1);
    expect((await send('GET', `${A}/runs/4294967295`)).status).toBe(404);
    expect((await send('GET', `${A}/webhook-events?objectId=9007199254740991`)).status).toBe(200);
  });

  it('answers a database failure with a plain 500 and logs neither SQL nor parameters', async () => {
    const ds = app.get(DataSource);
    await ds.query('RENAME TABLE hubspot_dead_letters TO hubspot_dead_letters_away');
    try {
      const res = await send('GET', `${A}/dead-letters?portalId=${PORTAL}&objectType=secret_marker_type`);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        statusCode: 500,
        error: 'DatabaseError',
        message: 'A database error occurred; see the server log',
      });
    } finally {
      await ds.query('RENAME TABLE hubspot_dead_letters_away TO hubspot_dead_letters');
    }
    const text = logs.lines.join('\n');
    expect(text).toMatch(/GET \/hubspot\/admin\/dead-letters: QueryFailedError ER_NO_SUCH_TABLE/);
    expect(text).not.toContain('secret_marker_type');
  });

  it('never wrote SQL, parameters or hostile values to the log', () => {
    const text = logs.lines.join('\n');
    for (const leak of ['SELECT', 'INSERT', 'OFFSET', '1e308', '9007199254740993', 'PARAMETERS'])
      expect(text).not.toContain(leak);
  });
});
