import {
  CallHandler,
  CanActivate,
  ExecutionContext,
  INestApplication,
  Injectable,
  NestInterceptor,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { HubspotWebhookEvent, HubspotWebhookHandler, WebhookEventsService } from '@app/hubspot';
import { WebhooksWorker } from '@app/hubspot/webhooks/webhooks.worker';
import { CrmEventsModule } from '../src/crm-events/crm-events.module';
import { CRM_EVENTS_MIGRATIONS } from '../src/crm-events/migrations';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { uniquePrefix } from './support/services';
import { APP_ID, bootWebhooksApp, event, eventually, RecordingHandlers, signV3 } from './webhooks-fixtures';

const seen: Array<{ type: string; guard: boolean }> = [];

@Injectable()
class RecordingGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    seen.push({ type: context.getType(), guard: true });
    return true;
  }
}

@Injectable()
class RecordingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    seen.push({ type: context.getType(), guard: false });
    return next.handle();
  }
}

@Injectable()
@UseGuards(RecordingGuard)
@UseInterceptors(RecordingInterceptor)
class GuardedHandlers {
  readonly companies: HubspotWebhookEvent[] = [];

  @HubspotWebhookHandler('company.creation')
  onCompany(event: HubspotWebhookEvent): void {
    this.companies.push(event);
  }
}

describe('Webhooks dispatch: once, in order, retried, echoes dropped, replayable', () => {
  let database: string;
  let app: INestApplication;
  let handlers: RecordingHandlers;
  let events: WebhookEventsService;

  const deliver = async (batch: HubspotWebhookEvent[]) => {
    const body = JSON.stringify(batch);
    return request(app.getHttpServer()).post('/hubspot/webhooks').set(signV3(body)).send(body).expect(200);
  };
  const contactCalls = (objectId: number) =>
    handlers.calls.filter((c) => c.handler === 'contact' && c.event.objectId === objectId);
  const settled = async () => eventually(async () => expect((await events.counts()).pending).toBe(0), 20_000);

  beforeAll(async () => {
    database = await createTestDatabase('webhooks_dispatch');
    app = await bootWebhooksApp({
      database,
      prefix: uniquePrefix('wh-dispatch'),
      extraProviders: [GuardedHandlers, RecordingGuard, RecordingInterceptor],
      extraImports: [CrmEventsModule],
      extraMigrations: CRM_EVENTS_MIGRATIONS,
      webhooks: { settleMs: 300 },
    });
    handlers = app.get(RecordingHandlers);
    events = app.get(WebhookEventsService);
  });
  afterAll(async () => {
    await app?.close();
    await dropTestDatabase(database);
  });

  it('handles every distinct change exactly once despite duplicates across and within deliveries', async () => {
    const changes = Array.from({ length: 40 }, (_, i) =>
      event({ objectId: 100 + (i % 10), occurredAt: 1_700_000_000_000 + i, propertyValue: `v${i}` }),
    );
    // Every change is sent three times (new eventId and attemptNumber each time), shuffled, 8 deliveries in flight.
    const copies = [0, 1, 2].flatMap((attempt) =>
      changes.map((e) => ({ ...e, eventId: e.eventId + attempt * 10_000, attemptNumber: attempt })),
    );
    copies.sort(() => Math.random() - 0.5);
    const batches = Array.from({ length: 12 }, (_, i) => copies.slice(i * 10, i * 10 + 10));
    batches[0].push(batches[0][0]); // a duplicate inside one delivery too
    await Promise.all(batches.map((b) => deliver(b)));
    await settled();

    for (const change of changes) {
      const calls = handlers.calls.filter(
        (c) =>
          c.handler === 'contact' &&
          c.event.objectId === change.objectId &&
          c.event.occurredAt === change.occurredAt,
      );
      expect(calls).toHaveLength(1);
    }
    const [row] = await app.get(DataSource).query('SELECT COUNT(*) AS n FROM hubspot_webhook_events');
    expect(Number(row.n)).toBe(40);
  });

  it('handles the events of one object in occurredAt order, even when delivered newest first', async () => {
    const times = [5, 4, 3, 2, 1].map((n) => 1_700_000_100_000 + n);
    // Within one delivery, and across deliveries that arrive inside the settle window.
    await deliver(times.slice(0, 3).map((t) => event({ objectId: 200, occurredAt: t })));
    await deliver(times.slice(3).map((t) => event({ objectId: 200, occurredAt: t })));
    await settled();
    expect(contactCalls(200).map((c) => c.event.occurredAt)).toEqual([...times].reverse());
  });

  it('retries a throwing handler with backoff, holding back later events of that object only', async () => {
    handlers.failures.set(300, 2);
    const t = 1_700_000_200_000;
    await deliver([
      event({ objectId: 300, occurredAt: t + 1 }),
      event({ objectId: 300, occurredAt: t + 2 }),
      event({ objectId: 301, occurredAt: t + 1 }),
    ]);
    await settled();
    const calls = contactCalls(300);
    expect(calls.map((c) => [c.event.occurredAt, c.context.attempt])).toEqual([
      [t + 1, 1],
      [t + 1, 2],
      [t + 1, 3],
      [t + 2, 1],
    ]);
    // The '*' handler succeeded on the first attempt and was not run again by the retries.
    const anyCalls = handlers.calls.filter((c) => c.handler === 'any' && c.event.objectId === 300);
    expect(anyCalls).toHaveLength(2);
    expect(contactCalls(301)).toHaveLength(1);
    const [row] = await events.list({ objectId: 300, status: 'done', limit: 1 });
    expect(row.attempts).toBeGreaterThanOrEqual(1);
  });

  it('marks an event failed after maxAttempts, visibly, and replays it on demand', async () => {
    handlers.failures.set(400, 99);
    await deliver([event({ objectId: 400, occurredAt: 1_700_000_300_000 })]);
    await settled();
    const [failed] = await events.list({ status: 'failed', objectId: 400 });
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed.lastError).toContain('forced failure for 400');
    expect((await events.counts()).failed).toBe(1);
    expect(contactCalls(400)).toHaveLength(3);

    handlers.failures.set(400, 0);
    expect(await events.replay([failed.id])).toBe(1);
    await settled();
    expect((await events.get(failed.id))?.status).toBe('done');
    expect(contactCalls(400)).toHaveLength(4);
    expect(handlers.calls.filter((c) => c.handler === 'any' && c.event.objectId === 400)).toHaveLength(1);
  });

  it("drops echoes of the app's own writes unless a handler opts in", async () => {
    const echo = { changeSource: 'INTEGRATION', sourceId: String(APP_ID) };
    await deliver([
      event({ objectId: 500, occurredAt: 1_700_000_400_000, ...echo }),
      event({ objectId: 501, occurredAt: 1_700_000_400_000, changeSource: 'INTEGRATION', sourceId: '999' }),
      event({ subscriptionType: 'deal.propertyChange', objectId: 502, propertyName: 'amount', ...echo }),
    ]);
    await settled();
    expect(handlers.calls.filter((c) => c.event.objectId === 500)).toHaveLength(0);
    expect((await events.list({ objectId: 500 }))[0].status).toBe('echo');
    expect(contactCalls(501)).toHaveLength(1);
    const dealCalls = handlers.calls.filter((c) => c.event.objectId === 502);
    expect(dealCalls.map((c) => [c.handler, c.context.echo])).toEqual([['deal-with-echoes', true]]);
  });

  it('runs handlers through Nest context: guards and interceptors apply', async () => {
    seen.length = 0;
    await deliver([event({ subscriptionType: 'company.creation', objectId: 600, propertyName: undefined })]);
    await settled();
    expect(app.get(GuardedHandlers).companies.map((e) => e.objectId)).toEqual([600]);
    expect(seen).toEqual([
      { type: 'hubspot-webhook', guard: true },
      { type: 'hubspot-webhook', guard: false },
    ]);
  });

  it('picks up events stored but never enqueued (crash between insert and enqueue)', async () => {
    const stranded = event({ objectId: 700, occurredAt: 1_700_000_500_000 });
    const ds = app.get(DataSource);
    await ds.query(
      `INSERT INTO hubspot_webhook_events (dedupe_key, portal_id, subscription_type, object_type, object_id, object_key,
         property_name, event_id, occurred_at, payload, received_at)
       VALUES (?, ?, 'contact.propertyChange', 'contact', 700, ?, 'lifecyclestage', ?, ?, ?, NOW(3) - INTERVAL 1 MINUTE)`,
      [
        'f'.repeat(64),
        stranded.portalId,
        `${stranded.portalId}:contact:700`,
        stranded.eventId,
        stranded.occurredAt,
        JSON.stringify(stranded),
      ],
    );
    expect(await app.get(WebhooksWorker).sweep()).toBe(1);
    await settled();
    expect(contactCalls(700)).toHaveLength(1);
  });

  it('example host handler mirrors deal stages, never letting an older change win', async () => {
    const deal = (stage: string, at: number) =>
      event({
        subscriptionType: 'deal.propertyChange',
        objectId: 800,
        propertyName: 'dealstage',
        propertyValue: stage,
        occurredAt: at,
      });
    await deliver([deal('appointmentscheduled', 1_000), deal('closedwon', 3_000)]);
    await settled();
    await deliver([deal('qualifiedtobuy', 2_000)]); // arrives late, after the newer change was applied
    await settled();
    const [row] = await app
      .get(DataSource)
      .query('SELECT stage, stage_changed_at, won_at FROM crm_deal_stages WHERE deal_id = 800');
    expect(row.stage).toBe('closedwon');
    expect(Number(row.stage_changed_at)).toBe(3_000);
    expect(row.won_at).not.toBeNull();
  });
});
