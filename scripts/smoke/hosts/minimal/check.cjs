/*
 * Runs inside the minimal Nest 11 app (the package README's minimal install line; no optional peer). Proves
 * that the module loads and syncs without them, that the features needing them say so, and that a host
 * without TypeORM is told what to do. Prints one JSON line; exits 1 on the first failed check.
 */
require('reflect-metadata');
const assert = require('node:assert/strict');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { TypeOrmModule } = require('@nestjs/typeorm');
const lib = require('nestjs-hubspot-sync');

const env = JSON.parse(process.env.SMOKE_ENV);
const OPTIONAL_PEERS = ['@nestjs/terminus', 'prom-client', '@nestjs/swagger', '@nestjs/schedule'];

class Lines {
  constructor() {
    this.lines = [];
    for (const level of ['log', 'error', 'warn', 'debug', 'verbose', 'fatal']) {
      this[level] = (...args) => this.lines.push(`${level}: ${args.map(String).join(' ')}`);
    }
  }
}

function appModule(options, { typeorm = true } = {}) {
  class SmokeMinimalModule {}
  Module({
    imports: [
      ...(typeorm
        ? [
            TypeOrmModule.forRoot({
              type: 'mysql',
              url: env.databaseUrl,
              entities: [...lib.HUBSPOT_ENTITIES],
              migrations: [...lib.HUBSPOT_MIGRATIONS],
              migrationsRun: true,
            }),
          ]
        : []),
      lib.HubspotModule.forRoot({
        auth: { type: 'private-app', accessToken: env.token },
        baseUrl: env.baseUrl,
        redis: { url: env.redisUrl, keyPrefix: env.keyPrefix },
        sync: { coalesceWindowMs: 50 },
        reconciliation: { cron: '0 3 * * *' },
        ...options,
      }),
    ],
  })(SmokeMinimalModule);
  return SmokeMinimalModule;
}

/** Boots the app (HTTP, admin routes mounted) and returns it with its log lines; a failed boot is closed. */
async function boot(options, flags) {
  const logger = new Lines();
  const app = await NestFactory.create(appModule(options, flags), { logger, abortOnError: false });
  try {
    await app.init();
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  return { app, logger };
}

async function eventually(probe, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in time`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function main() {
  for (const peer of OPTIONAL_PEERS) {
    assert.throws(() => require.resolve(peer), `${peer} should not be installed in the minimal app`);
  }

  const { app, logger } = await boot({});
  try {
    const email = `minimal-${Date.now()}@example.com`;
    await app.get(lib.ContactsService).upsert({ email, userId: '1', properties: { firstname: 'Minimal' } });
    const contact = await eventually(async () => {
      const res = await fetch(`${env.baseUrl}/__emulator/objects/${env.portalId}/contacts`);
      return (await res.json()).find((c) => c.properties.email === email);
    }, 'the contact in HubSpot');
    assert.equal(contact.properties.app_user_id, '1');
    assert.equal(await app.get(lib.DeadLettersService).countOpen(), 0);
    const health = await app.get(lib.HubspotHealthIndicator).isHealthy('hubspot');
    assert.equal(health.hubspot.status, 'up', JSON.stringify(health));
    assert.ok(
      logger.lines.some((l) =>
        l.includes('admin API has no OpenAPI description: @nestjs/swagger is not installed'),
      ),
      'a boot line should say the admin API has no OpenAPI description',
    );
    assert.ok(
      logger.lines.some((l) => l.includes('Reconciliation scheduled')),
      'the cron runs without @nestjs/schedule',
    );
  } finally {
    await app.close();
  }

  await assert.rejects(
    boot({ metrics: { enabled: true } }),
    /metrics\.enabled needs prom-client.*npm install prom-client/,
  );
  await assert.rejects(boot({}, { typeorm: false }), /HubspotModule needs TypeORM/);
  console.log(JSON.stringify({ host: 'nest11-minimal', optionalPeersAbsent: OPTIONAL_PEERS, ok: true }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
