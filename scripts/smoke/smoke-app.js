/**
 * The smoke host: a minimal Nest app (TypeORM on MySQL, the built library's HubspotModule.forRoot) that
 * resolves the module's services and pushes one contact through Bull to the emulator. Nest packages are
 * passed in, so the same host runs on Nest 11 (CommonJS, the repo's node_modules) and Nest 12 (ESM, a temp dir).
 */
async function runSmoke({ label, common, core, typeorm, lib, env }) {
  const started = Date.now();
  const { Module } = common;
  const { NestFactory } = core;
  const { TypeOrmModule } = typeorm;
  const {
    HubspotModule,
    HUBSPOT_ENTITIES,
    HUBSPOT_MIGRATIONS,
    ContactsService,
    HubspotHttpClient,
    HubspotPaths,
  } = lib;
  for (const [name, value] of Object.entries({
    HubspotModule,
    ContactsService,
    HubspotHttpClient,
    HubspotPaths,
  })) {
    if (!value) throw new Error(`${label}: the built library does not export ${name}`);
  }

  class SmokeAppModule {}
  Module({
    imports: [
      TypeOrmModule.forRoot({
        type: 'mysql',
        url: env.databaseUrl,
        entities: [...HUBSPOT_ENTITIES],
        migrations: [...HUBSPOT_MIGRATIONS],
        migrationsRun: true,
        logging: false,
      }),
      HubspotModule.forRoot({
        isGlobal: true,
        auth: { type: 'static-token', accessToken: env.token, portalId: env.portalId },
        baseUrl: env.baseUrl,
        redis: { url: env.redisUrl, keyPrefix: env.keyPrefix },
        sync: { coalesceWindowMs: 50, ensurePropertiesOnBoot: true },
      }),
    ],
  })(SmokeAppModule);

  const app = await NestFactory.createApplicationContext(SmokeAppModule, { logger: ['error', 'warn'] });
  try {
    const http = app.get(HubspotHttpClient);
    const paths = app.get(HubspotPaths);
    const page = await http.get(paths.objects('contacts'), { query: { limit: 1 } });
    if (page.status !== 200) throw new Error(`${label}: GET contacts answered ${page.status}`);

    const contacts = app.get(ContactsService);
    const email = `smoke-${env.keyPrefix}@example.com`.toLowerCase();
    await contacts.upsert({ email, properties: { firstname: 'Smoke', lastname: label } });
    const found = await waitFor(async () => {
      const res = await http.post(paths.batch('contacts', 'read'), {
        idProperty: 'email',
        inputs: [{ id: email }],
        properties: ['email', 'lastname'],
      });
      return res.data.results?.[0];
    }, 20_000);
    if (!found || found.properties.lastname !== label) {
      throw new Error(`${label}: the contact queued through ContactsService did not reach HubSpot`);
    }
  } finally {
    await app.close();
  }
  return { label, ms: Date.now() - started };
}

async function waitFor(probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

module.exports = { runSmoke };
