import { INestApplication } from '@nestjs/common';
import {
  CompaniesService,
  ContactsService,
  DeadLettersService,
  HubspotMissingScopesError,
  PortalBacklogReader,
} from '@app/hubspot';
import { CapturingLogger } from './support/capturing-logger';
import { buildCrmApp, createCrmApp, CRM_PROPERTIES, CrmAppEnv, waitUntil } from './support/crm-app';
import { startSuiteBackend, SuiteBackend } from './support/suite-backend';

const PORTAL = 7070;
/** A private app granted everything the default features need except writing companies. */
const TOKEN = 'pat-na1-scopes-e2e-no-company-write';
const SCOPES = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  // The module creates its own properties at boot.
  'crm.schemas.contacts.write',
  'crm.schemas.companies.write',
];
const TOKEN_INFO = 'POST /oauth/v2/private-apps/get/access-token-info';
const UPSERT = 'POST /crm/objects/:version/:objectType/batch/upsert';

/** Scopes checked at boot against real access-token-info; a write HubSpot refuses for scopes dead-letters once. */
describe('scopes (emulator enforcing scopes, real MariaDB + Redis)', () => {
  let backend: SuiteBackend;
  let env: CrmAppEnv;

  beforeAll(async () => {
    backend = await startSuiteBackend('auth-scopes', {
      portals: [{ portalId: PORTAL, tokens: [{ token: TOKEN, scopes: SCOPES }], properties: CRM_PROPERTIES }],
    });
    env = {
      database: backend.database,
      redisPrefix: backend.redisPrefix,
      emulatorUrl: backend.emu.url,
      token: TOKEN,
      portalId: PORTAL,
      coalesceWindowMs: 20,
    };
  });
  afterAll(() => backend?.stop());

  describe('by default (log, keep booting)', () => {
    let app: INestApplication;
    const logs = new CapturingLogger();

    beforeAll(async () => {
      backend.emu.control.reset();
      app = await createCrmApp({ ...env, logger: logs });
    });
    afterAll(() => app?.close());

    it('names the missing scope and the features that need it, in one call to HubSpot', async () => {
      await waitUntil(() => logs.lines.some((l) => l.includes('Missing scope')), 10_000, 'the scope check');
      const missing = logs.lines.filter((l) => l.includes('Missing scope'));
      expect(missing).toHaveLength(1);
      expect(missing[0]).toContain('crm.objects.companies.write');
      expect(missing[0]).toMatch(/needed by companies: upsert companies; associations: associate companies/);
      expect(backend.emu.control.stats().requests[TOKEN_INFO]).toEqual({ 200: 1 });
      expect(logs.lines.join('\n')).not.toContain(TOKEN);
    });

    it('dead-letters a company upsert with HubSpot MISSING_SCOPES after exactly one call, and retries nothing', async () => {
      const before = backend.emu.control.stats().requests[UPSERT]?.['403'] ?? 0;
      await app
        .get(CompaniesService)
        .upsert({ domain: 'scopes.example', properties: { name: 'Scopes Ltd' } });
      const deadLetters = app.get(DeadLettersService);
      await waitUntil(
        async () => (await deadLetters.list({ objectType: 'companies' })).total > 0,
        20_000,
        'dead letter',
      );
      const [letter] = (await deadLetters.list({ objectType: 'companies' })).items;
      expect(letter).toMatchObject({
        category: 'MISSING_SCOPES',
        statusCode: 403,
        attempts: 1,
        localKey: 'scopes.example',
      });
      expect(JSON.stringify(letter.details)).toContain('crm.objects.companies.write');

      const queued = async () =>
        (await app.get(PortalBacklogReader).portals()).reduce((n, p) => n + p.ready + p.inFlight, 0);
      await waitUntil(async () => (await queued()) === 0, 10_000, 'the batch to settle');
      expect(await queued()).toBe(0);
      expect((backend.emu.control.stats().requests[UPSERT]?.['403'] ?? 0) - before).toBe(1);
      expect(backend.emu.control.objects(PORTAL, 'companies')).toHaveLength(0);
    });

    it('still syncs what the token may write', async () => {
      await app.get(ContactsService).upsert({ email: 'scoped@example.com', properties: { plan: 'pro' } });
      await waitUntil(
        () => backend.emu.control.objects(PORTAL, 'contacts').length === 1,
        20_000,
        'the contact',
      );
    });
  });

  it('with failOnMissingScopes the app does not start, and says which scope is missing', async () => {
    const app = await buildCrmApp({
      ...env,
      logger: new CapturingLogger(),
      scopeCheck: { failOnMissingScopes: true },
    });
    let error: unknown;
    try {
      await app.init();
    } catch (err) {
      error = err;
    } finally {
      await app.close().catch(() => undefined);
    }
    expect(error).toBeInstanceOf(HubspotMissingScopesError);
    expect((error as Error).message).toContain(
      'crm.objects.companies.write (needed by companies: upsert companies',
    );
    expect((error as HubspotMissingScopesError).context).toEqual({
      missingScopes: ['crm.objects.companies.write'],
    });
  });

  it('boots with failOnMissingScopes when the features it declares are covered', async () => {
    const app = await createCrmApp({
      ...env,
      logger: new CapturingLogger(),
      scopeCheck: { failOnMissingScopes: true, features: ['contacts'] },
    });
    await app.close();
  });
});
