import { register } from 'prom-client';
import { DeadLettersService } from '../engine/dead-letters/dead-letters.service';
import { QueueBacklogReader } from '../engine/workers/queue-backlog.reader';
import { PortalBacklogReader } from '../engine/dispatch/portal-backlog.reader';
import { HubspotConfig } from '../config/hubspot.config';
import { HubspotTelemetry } from '../http/hubspot-telemetry';
import { SyncEvents } from '../engine/sync-events';
import { HubspotMetrics } from './hubspot-metrics';
import { OutboxRelay } from '../engine/outbox/outbox.relay';

function build(enabled: boolean) {
  const telemetry = new HubspotTelemetry();
  const queues = {
    backlog: async () => [{ queue: 'hubspot-webhooks', waiting: 7, active: 2, delayed: 1, failed: 0 }],
  } as unknown as QueueBacklogReader;
  const dispatch = {
    lagSeconds: async () => 12.5,
    portals: async () => [
      {
        portalId: 4,
        lanes: [
          { lane: 'live', ready: 3 },
          { lane: 'backfill', ready: 20_000 },
        ],
        inFlight: 100,
        parked: { reason: 'daily_reserve', until: 0, scope: 'bulk' },
        budget: { used: 45, max: 100, windowMs: 10_000 },
      },
    ],
  } as unknown as PortalBacklogReader;
  const deadLetters = { countOpen: async () => 3 } as unknown as DeadLettersService;
  const config = { metrics: { enabled } } as HubspotConfig;
  const syncEvents = new SyncEvents();
  const outbox = {
    status: async () => ({
      size: 40,
      waiting: 15,
      oldestAgeSeconds: 7.5,
      relay: { running: true, paused: true, relayedRows: 0 },
    }),
  } as unknown as OutboxRelay;
  const metrics = new HubspotMetrics(config, telemetry, syncEvents, queues, dispatch, deadLetters, outbox);
  metrics.onModuleInit();
  return { metrics, telemetry, syncEvents };
}

describe('HubspotMetrics', () => {
  it('counts calls by normalised route and status, 429s by policy, and reports budget and queue gauges', async () => {
    const { metrics, telemetry, syncEvents } = build(true);
    const call = {
      portalId: 1,
      method: 'PATCH',
      status: 200,
      durationMs: 40,
      attempt: 1,
      lane: 'live' as const,
    };
    telemetry.emit('call', { ...call, route: '/crm/objects/2026-09/contacts/11' });
    telemetry.emit('call', { ...call, route: '/crm/objects/2026-09/contacts/12' });
    telemetry.emit('call', { ...call, route: '/crm/objects/2026-09/contacts/13', status: 429 });
    telemetry.emit('rate-limited', { portalId: 1, policyName: 'TEN_SECONDLY_ROLLING' });
    telemetry.emit('budget', { portalId: 1, remaining: 42, max: 100, dailyRemaining: 249_000 });
    const synced = { portalId: 1, objectType: 'contacts', localKey: 'u1', hubspotId: '9', lane: 'live' };
    syncEvents.emit('synced', { ...synced, created: true, latencyMs: 300 });
    syncEvents.emit('synced', { ...synced, created: false, latencyMs: 700 });
    syncEvents.emit('skipped', { portalId: 1, objectType: 'contacts', localKey: 'u1', reason: 'unchanged' });

    const text = await metrics.text();
    expect(text).toContain(
      'hubspot_api_calls_total{portal="1",method="PATCH",route="/crm/objects/2026-09/contacts/:id",status="200",lane="live"} 2',
    );
    expect(text).toContain('status="429"');
    expect(text).toContain('hubspot_rate_limited_total{portal="1",policy="TEN_SECONDLY_ROLLING"} 1');
    expect(text).toContain('hubspot_rate_limit_remaining{portal="1"} 42');
    expect(text).toContain('hubspot_daily_remaining{portal="1"} 249000');
    expect(text).toContain('hubspot_queue_jobs{queue="hubspot-webhooks",state="waiting"} 7');
    expect(text).toContain('hubspot_portal_backlog{portal="4",lane="backfill"} 20000');
    expect(text).toContain('hubspot_portal_in_flight{portal="4"} 100');
    expect(text).toContain('hubspot_portal_parked{portal="4",reason="daily_reserve"} 1');
    expect(text).toContain('hubspot_portal_budget_used_ratio{portal="4"} 0.45');
    expect(text).toContain('hubspot_sync_lag_seconds 12.5');
    expect(text).toContain('hubspot_dead_letters 3');
    expect(text).toContain('hubspot_outbox_rows{state="waiting"} 15');
    expect(text).toContain('hubspot_outbox_rows{state="relayed"} 25');
    expect(text).toContain('hubspot_outbox_oldest_age_seconds 7.5');
    expect(text).toContain('hubspot_outbox_relay_paused 1');
    expect(text).toContain('hubspot_records_total{object_type="contacts",lane="live",result="created"} 1');
    expect(text).toContain('hubspot_records_total{object_type="contacts",lane="",result="unchanged"} 1');
    expect(text).toContain('hubspot_sync_latency_seconds_count{object_type="contacts",lane="live"} 2');
    // Shared with the default registry, so a host's existing /metrics shows them...
    expect(await register.metrics()).toContain('hubspot_dead_letters 3');

    // ...and gone from it after shutdown, with the listeners removed.
    metrics.onApplicationShutdown();
    expect(register.getSingleMetric('hubspot_api_calls_total')).toBeUndefined();
    expect(telemetry.listenerCount('call')).toBe(0);
    expect(syncEvents.listenerCount('synced')).toBe(0);
  });

  it('registers nothing and listens to nothing unless enabled', async () => {
    const { metrics, telemetry } = build(false);
    expect(telemetry.listenerCount('call')).toBe(0);
    expect(await metrics.text()).toBe('');
    expect(register.getSingleMetric('hubspot_api_calls_total')).toBeUndefined();
  });
});
