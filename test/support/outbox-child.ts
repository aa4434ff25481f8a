import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HUBSPOT_ENTITIES, HubspotModule } from '@app/hubspot';
import { OutboxTestUser, signupInTransaction } from './outbox-host';
import { DB, REDIS_URL } from './services';

export interface OutboxChildEnv {
  database: string;
  redisPrefix: string;
  emulatorUrl: string;
  token: string;
  portalId: number;
  /** Signups to commit before the process kills itself (SIGKILL) right after the last commit. */
  killAfter: number;
  writers: number;
}

/**
 * A host process for the crash e2e: a web pod (outbox relay on, no sync worker) that commits signups from
 * several writers, prints each commit, and SIGKILLs itself in the same tick as its `killAfter`-th commit:
 * nothing after the commit runs, no shutdown hook, uncommitted transactions die with the connection.
 */
async function main(): Promise<void> {
  const env = JSON.parse(process.env.OUTBOX_CHILD_ENV ?? '{}') as OutboxChildEnv;
  @Module({
    imports: [
      TypeOrmModule.forRoot({
        type: 'mysql',
        ...DB,
        database: env.database,
        entities: [...HUBSPOT_ENTITIES, OutboxTestUser],
        extra: { connectionLimit: 10 },
      }),
      HubspotModule.forRoot({
        adminPath: false,
        webhooksPath: false,
        oauthPath: false,
        auth: { type: 'private-app', accessToken: env.token, portalId: env.portalId },
        baseUrl: env.emulatorUrl,
        redis: { url: REDIS_URL, keyPrefix: env.redisPrefix },
        http: { baseDelayMs: 50, maxDelayMs: 500 },
        // A web pod: it writes and relays; another instance's worker sends.
        sync: { worker: false },
        outbox: { batchSize: 25 },
      }),
    ],
  })
  class ChildModule {}
  const app = await NestFactory.createApplicationContext(ChildModule, { logger: ['error'] });
  let committed = 0;
  let next = 0;
  const writer = async () => {
    for (;;) {
      const n = next++;
      const email = `crash${n}@example.com`;
      await signupInTransaction(app, email, n % 2 ? 'pro' : 'free');
      committed++;
      process.stdout.write(`committed ${email}\n`);
      if (committed >= env.killAfter) process.kill(process.pid, 'SIGKILL');
    }
  };
  await Promise.all(Array.from({ length: env.writers }, writer));
}

main().catch((err) => {
  process.stderr.write(`outbox child failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
