import { Body, Controller, INestApplication, Module, Post, UseFilters } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import {
  ContactsService,
  HUBSPOT_ENTITIES,
  HUBSPOT_MIGRATIONS,
  HubspotExceptionFilter,
  HubspotModule,
  ScopeCheckService,
} from '@app/hubspot';
import { CRM_PROPERTIES } from './support/crm-app';
import { DB, REDIS_URL } from './support/services';
import { startSuiteBackend, SuiteBackend } from './support/suite-backend';

const TOKEN = 'pat-filter-host-token';
const PORTAL = 8801;
const RATE_LIMITED = {
  status: 'error',
  message: 'You have reached your ten_secondly_rolling limit.',
  errorType: 'RATE_LIMIT',
  policyName: 'TEN_SECONDLY_ROLLING',
  groupName: 'publicapi:private-app:8801',
};

interface UpgradeBody {
  email: string;
  properties: Record<string, string>;
}

/** A host route that needs HubSpot's answer now (not queued): its errors reach the host's client. */
@Controller('global/upgrades')
class GlobalUpgradesController {
  constructor(private readonly contacts: ContactsService) {}

  @Post()
  async upgrade(@Body() body: UpgradeBody): Promise<{ hubspotId: string }> {
    return { hubspotId: await this.contacts.upsertNow(body) };
  }
}

/** The same route with the filter applied to this controller only. */
@Controller('scoped/upgrades')
@UseFilters(HubspotExceptionFilter)
class ScopedUpgradesController extends GlobalUpgradesController {}

describe('HubspotExceptionFilter on host routes (emulator, MariaDB, Redis)', () => {
  let backend: SuiteBackend;
  const apps: INestApplication[] = [];

  async function boot(globalFilter: boolean): Promise<INestApplication> {
    @Module({
      imports: [
        TypeOrmModule.forRoot({
          type: 'mysql',
          ...DB,
          database: backend.database,
          entities: [...HUBSPOT_ENTITIES],
          migrations: [...HUBSPOT_MIGRATIONS],
          migrationsRun: true,
        }),
        HubspotModule.forRoot({
          adminPath: false,
          webhooksPath: false,
          oauthPath: false,
          auth: { type: 'static-token', accessToken: TOKEN, portalId: PORTAL },
          baseUrl: backend.emu.url,
          redis: { url: REDIS_URL, keyPrefix: `${backend.redisPrefix}-${apps.length}` },
          http: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, timeoutMs: 2_000 },
          sync: { worker: false },
        }),
      ],
      controllers: [globalFilter ? GlobalUpgradesController : ScopedUpgradesController],
    })
    class HostModule {}
    const moduleRef = await Test.createTestingModule({ imports: [HostModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: ['error'] });
    if (globalFilter) app.useGlobalFilters(new HubspotExceptionFilter());
    await app.init();
    // The boot scope check calls HubSpot in the background: settle it so the tests count only their calls.
    await app.get(ScopeCheckService).whenChecked();
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    backend = await startSuiteBackend('host-filter', {
      portals: [{ portalId: PORTAL, tokens: [TOKEN], properties: CRM_PROPERTIES }],
    });
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await backend?.stop();
  });

  afterEach(() => backend.emu.control.clearFaults());

  describe.each([
    ['applied globally', true, '/global/upgrades'],
    ['applied to the controller', false, '/scoped/upgrades'],
  ])('%s', (_how, globalFilter, route) => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await boot(globalFilter);
    });

    it('HubSpot keeps answering 429: the client gets 503 with Retry-After, after the retries', async () => {
      backend.emu.control.faults([
        { pathPattern: 'batch/upsert$', status: 429, body: RATE_LIMITED, count: 10 },
      ]);
      const before = backend.emu.control.stats().total;
      const res = await request(app.getHttpServer())
        .post(route)
        .send({ email: `busy-${Number(globalFilter)}@example.com`, properties: { plan: 'pro' } });
      expect(res.status).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(res.body).toMatchObject({
        statusCode: 503,
        error: 'HubspotRateLimitedError',
      });
      expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      // Both attempts went out (http.maxAttempts: 2), then the error reached the host's client.
      expect(backend.emu.control.stats().total - before).toBe(2);
      expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    });

    it("HubSpot refuses the write (400): 422 with HubSpot's message and correlation id, no token", async () => {
      const res = await request(app.getHttpServer())
        .post(route)
        .send({ email: `bad-${Number(globalFilter)}@example.com`, properties: { no_such_property: 'x' } });
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('HubspotValidationError');
      expect(res.body.category).toBe('VALIDATION_ERROR');
      expect(res.body.message).toContain('no_such_property');
      expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(res.body)).not.toContain(TOKEN);
      expect(res.headers['retry-after']).toBeUndefined();
    });

    it('HubSpot accepts: the route answers normally', async () => {
      const res = await request(app.getHttpServer())
        .post(route)
        .send({ email: `ok-${Number(globalFilter)}@example.com`, properties: { plan: 'pro' } });
      expect(res.status).toBe(201);
      expect(res.body.hubspotId).toMatch(/^\d+$/);
    });
  });
});
