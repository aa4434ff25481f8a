import { HubspotConfig } from '../config/hubspot.config';
import { PortalRateLimiter } from '../http/rate-limit/portal-rate-limiter';
import { BudgetTracker } from '../http/budget-tracker';
import { DeadLettersService } from '../engine/dead-letters/dead-letters.service';
import { HubspotHealthIndicator } from './hubspot-health.indicator';
import { HubspotProbe, ProbeResult } from './hubspot-probe';
import { QueueBacklogReader } from '../engine/workers/queue-backlog.reader';
import { PortalBacklogReader } from '../engine/dispatch/portal-backlog.reader';
import { OutboxRelay, OutboxStatus } from '../engine/outbox/outbox.relay';

function build(
  probeResult: Partial<ProbeResult>,
  waiting = 5,
  deadLetters = 0,
  missing: Array<{ portalId: number; objectType: string; name: string; deadLetters: number }> = [],
  outboxAge = 0,
) {
  const probe = {
    portals: async () => [9],
    check: async (portalId: number) => ({ portalId, status: 200, at: 1, source: 'observed', ...probeResult }),
  } as unknown as HubspotProbe;
  const tracker = { get: () => ({ remaining: 80, max: 100, rateLimited: {} }) } as unknown as BudgetTracker;
  const queues = {
    backlog: async () => [
      { queue: 'hubspot-webhooks', waiting: 1, active: 0, delayed: 0, failed: 0 },
      { queue: 'hubspot-runs', waiting: 1000, active: 1, delayed: 0, failed: 0 },
    ],
  } as unknown as QueueBacklogReader;
  const lanes = (live: number) => [
    { lane: 'live', ready: live },
    { lane: 'webhook', ready: 0 },
    { lane: 'reconcile', ready: 0 },
    { lane: 'backfill', ready: 0 },
  ];
  const budget = { used: 3, max: 100, windowMs: 10_000 };
  const dispatch = {
    portals: async () => [
      {
        portalId: 9,
        lanes: lanes(waiting - 1),
        ready: waiting - 1,
        inFlight: 1,
        budget,
        outbox: { size: 2, waiting: 1, oldestAgeSeconds: 3 },
      },
      {
        portalId: 12,
        lanes: lanes(0),
        ready: 0,
        inFlight: 0,
        parked: { reason: 'needs_reinstall', until: 0, scope: 'all' },
        budget,
        outbox: { size: 0, waiting: 0, oldestAgeSeconds: 0 },
      },
    ],
  } as unknown as PortalBacklogReader;
  const counter = {
    countOpen: async () => deadLetters,
    missingProperties: async () => missing,
  } as unknown as DeadLettersService;
  const limiter = { usingFallback: false, dailyResetAt: () => new Date(0) } as unknown as PortalRateLimiter;
  const config = {
    baseUrl: 'http://hubspot.test',
    apiVersion: '2026-09',
    auth: { type: 'static-token', kind: 'service-key' },
  } as HubspotConfig;
  const status: OutboxStatus = {
    size: outboxAge ? 3 : 0,
    waiting: outboxAge ? 1 : 0,
    oldestAgeSeconds: outboxAge,
    relay: { running: true, paused: false, relayedRows: 2 },
  };
  const outbox = { status: async () => status } as unknown as OutboxRelay;
  return new HubspotHealthIndicator(config, probe, tracker, queues, dispatch, counter, limiter, outbox);
}

describe('HubspotHealthIndicator', () => {
  it('is up with per-portal budget, queued records, backlog (runs excluded) and dead letters in the details', async () => {
    const result = await build({ reachable: true, authorised: true }).isHealthy('crm');
    expect(result.crm).toMatchObject({
      status: 'up',
      backlog: 6,
      records: 5,
      deadLetters: 0,
      portals: [
        {
          portalId: 9,
          reachable: true,
          budget: { remaining: 80, max: 100 },
          queue: { lanes: { live: 4, backfill: 0 }, inFlight: 1, outbox: { size: 2, waiting: 1 } },
        },
        // No longer installed, still holding work: listed with its queue and why it is parked.
        { portalId: 12, queue: { inFlight: 0, parked: { reason: 'needs_reinstall' } } },
      ],
      limiter: { usingFallback: false },
      credential: 'static token (service-key)',
      apiVersion: { version: '2026-09', status: expect.stringMatching(/^(current|supported|unsupported)$/) },
    });
  });

  it('is down, saying why, when the token is rejected', async () => {
    const result = await build({ reachable: true, authorised: false, status: 401 }).isHealthy();
    expect(result.hubspot).toMatchObject({
      status: 'down',
      message: 'portal 9: token rejected (status 401)',
    });
  });

  it('is down when the backlog or the dead letters pass the thresholds the host sets', async () => {
    const indicator = build({ reachable: true, authorised: true }, 60_000, 12);
    expect((await indicator.isHealthy()).hubspot.status).toBe('up');
    const result = await indicator.isHealthy('hubspot', { maxBacklog: 50_000, maxDeadLetters: 10 });
    expect(result.hubspot.status).toBe('down');
    expect(result.hubspot.message).toBe('backlog 60001 > 50000; dead letters 12 > 10');
  });

  it('stays up but warns, naming the fix, while writes are refused for a missing property', async () => {
    const missing = [{ portalId: 9, objectType: 'contacts', name: 'plan', deadLetters: 3 }];
    const result = await build({ reachable: true, authorised: true }, 0, 3, missing).isHealthy();
    expect(result.hubspot.status).toBe('up');
    expect(result.hubspot.warnings).toEqual([
      expect.stringMatching(
        /portal 9 has no property contacts\.plan: declare it in objects\.contacts\.properties.*replay.*\(3 open dead letter\(s\)\)/,
      ),
    ]);
  });

  it('reports the outbox, and is down when its oldest row is older than the host allows', async () => {
    const indicator = build({ reachable: true, authorised: true }, 5, 0, [], 90);
    const up = await indicator.isHealthy();
    expect(up.hubspot).toMatchObject({
      status: 'up',
      outbox: { size: 3, waiting: 1, oldestAgeSeconds: 90, relay: { running: true, paused: false } },
    });
    const down = await indicator.isHealthy('hubspot', { maxOutboxAgeMs: 60_000 });
    expect(down.hubspot).toMatchObject({ status: 'down', message: 'oldest outbox row 90 s > 60 s' });
  });
});
