/**
 * Webhook intake bench: HubSpot's concurrency (10 deliveries in flight, 100 events each) against the
 * real controller (NestFactory app over HTTP, MariaDB, Redis, queue worker running).
 * Prints ONE JSON line: requests/s and events/s acknowledged, p50/p99 ack latency, duplicates dropped,
 * and how long the worker took to handle everything after the last ack.
 *   npm run bench:webhooks -- [--requests 400] [--in-flight 10] [--events 100] [--duplicates 0.2]
 */
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Command } from 'commander';
import { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import {
  HUBSPOT_ENTITIES,
  HUBSPOT_MIGRATIONS,
  HubspotModule,
  HubspotWebhookHandler,
  WebhookEventsService,
} from '@app/hubspot';
import { createTestDatabase, dropTestDatabase } from '../test/support/database';
import { DB, REDIS_URL, uniquePrefix } from '../test/support/services';

const SECRET = 'bench-webhook-secret';

@Injectable()
class CountingHandler {
  handled = 0;
  @HubspotWebhookHandler('*')
  onEvent(): void {
    this.handled++;
  }
}

/** Plain JS for a worker thread: sends signed deliveries, `inFlight` at a time, and reports ack latencies. */
const LOAD_GENERATOR = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHmac } = require('node:crypto');
const { url, secret, inFlight, perRequest, duplicateShare } = workerData;
let eventId = 1, objectSeq = 1;
const sent = [];
function nextBatch(stats) {
  const batch = [];
  for (let i = 0; i < perRequest; i++) {
    if (sent.length && Math.random() < duplicateShare) {
      const again = sent[Math.floor(Math.random() * sent.length)];
      batch.push({ ...again, eventId: eventId++, attemptNumber: 1 });
      stats.duplicatesSent++;
      continue;
    }
    const e = { eventId: eventId++, subscriptionId: 1, portalId: 1001, appId: 1, occurredAt: Date.now(),
      subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: objectSeq++ % 5000,
      changeSource: 'CRM', propertyName: 'lifecyclestage', propertyValue: 'v' + eventId };
    sent.push(e);
    batch.push(e);
  }
  return JSON.stringify(batch);
}
async function deliver(stats) {
  const body = nextBatch(stats);
  const timestamp = Date.now();
  const signature = createHmac('sha256', secret).update('POST' + url + body + timestamp).digest('base64');
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json',
    'x-hubspot-request-timestamp': String(timestamp), 'x-hubspot-signature-v3': signature } });
  const ack = await res.json();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error('delivery answered ' + res.status + ': ' + JSON.stringify(ack));
  stats.latencies.push(ms);
  stats.dropped += ack.duplicates;
}
parentPort.on('message', async (count) => {
  const stats = { latencies: [], dropped: 0, duplicatesSent: 0 };
  let left = count;
  await Promise.all(Array.from({ length: inFlight }, async () => { while (left-- > 0) await deliver(stats); }));
  parentPort.postMessage(stats);
});
`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--requests <n>', 'deliveries to send (after 20 warm-up ones)', '400')
    .option('--in-flight <n>', 'concurrent deliveries (HubSpot: 10 per account)', '10')
    .option('--events <n>', 'events per delivery (HubSpot: up to 100)', '100')
    .option('--duplicates <share>', 'share of events that repeat an earlier one', '0.2')
    .option('--no-worker', 'acknowledge only: no queue worker in this process (as on a web-only pod)')
    .parse(process.argv)
    .opts<{ requests: string; inFlight: string; events: string; duplicates: string; worker: boolean }>();
  const total = Number(opts.requests);
  const inFlight = Number(opts.inFlight);
  const perRequest = Number(opts.events);
  const duplicateShare = Number(opts.duplicates);

  const database = await createTestDatabase('bench_webhooks');
  @Module({
    imports: [
      TypeOrmModule.forRoot({
        type: 'mysql',
        ...DB,
        database,
        entities: [...HUBSPOT_ENTITIES],
        migrations: [...HUBSPOT_MIGRATIONS],
        migrationsRun: true,
        retryAttempts: 0,
      }),
      HubspotModule.forRoot({
        auth: { type: 'static-token', accessToken: 'pat-bench' },
        baseUrl: 'http://127.0.0.1:9',
        redis: { url: REDIS_URL, keyPrefix: uniquePrefix('bench-webhooks') },
        webhooks: { clientSecrets: [SECRET], allowedHosts: ['127.0.0.1'], appId: 1, settleMs: 200 },
        sync: { worker: opts.worker },
      }),
    ],
    providers: [CountingHandler],
  })
  class BenchModule {}

  const app = await NestFactory.create(BenchModule, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/hubspot/webhooks`;

  // The load generator runs on its own thread, so building and signing deliveries does not share the
  // app's event loop (HubSpot is another machine).
  const client = new Worker(LOAD_GENERATOR, {
    eval: true,
    workerData: { url, secret: SECRET, inFlight, perRequest, duplicateShare },
  });
  const run = (count: number) =>
    new Promise<{ latencies: number[]; dropped: number; duplicatesSent: number }>((resolve, reject) => {
      client.once('message', resolve);
      client.once('error', reject);
      client.postMessage(count);
    });

  try {
    await run(20);
    const started = performance.now();
    const { latencies, dropped, duplicatesSent } = await run(total);
    const seconds = (performance.now() - started) / 1000;
    const acked = performance.now();
    const events = app.get(WebhookEventsService);
    while (opts.worker && (await events.counts()).pending > 0) await new Promise((r) => setTimeout(r, 100));
    const drainSeconds = (performance.now() - acked) / 1000;
    const counts = await events.counts();
    latencies.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        bench: 'webhooks',
        requests: total,
        inFlight,
        eventsPerRequest: perRequest,
        worker: opts.worker,
        seconds: +seconds.toFixed(2),
        requestsPerSec: +(total / seconds).toFixed(1),
        eventsPerSecAcked: Math.round((total * perRequest) / seconds),
        ackP50Ms: +percentile(latencies, 50).toFixed(1),
        ackP99Ms: +percentile(latencies, 99).toFixed(1),
        ackMaxMs: +latencies[latencies.length - 1].toFixed(1),
        duplicatesSent,
        duplicatesDropped: dropped,
        stored: counts.done + counts.pending + counts.failed,
        handled: app.get(CountingHandler).handled,
        drainAfterLastAckSec: opts.worker ? +drainSeconds.toFixed(2) : null,
      }),
    );
  } finally {
    await client.terminate();
    await app.close();
    await dropTestDatabase(database);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
