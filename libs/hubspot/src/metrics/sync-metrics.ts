import { DeadLetteredEvent, SkippedEvent, SyncedEvent, SyncEvents } from '../engine/sync-events';
import { MetricGroup, Registers } from './metric-group';
import { PromClientModule } from './prom-client.peer';

/** What the sync worker did with each record, and how long intents took to reach HubSpot. */
export function syncMetrics(client: PromClientModule, registers: Registers, events: SyncEvents): MetricGroup {
  const records = new client.Counter({
    name: 'hubspot_records_total',
    help: 'Records the sync settled, by object type, lane and result (created, updated, unchanged, dead_lettered)',
    labelNames: ['object_type', 'lane', 'result'],
    registers,
  });
  const latency = new client.Histogram({
    name: 'hubspot_sync_latency_seconds',
    help: 'From the oldest intent merged into a write to HubSpot accepting it',
    labelNames: ['object_type', 'lane'],
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  const onSynced = (e: SyncedEvent) => {
    records.inc({ object_type: e.objectType, lane: e.lane, result: e.created ? 'created' : 'updated' });
    latency.observe({ object_type: e.objectType, lane: e.lane }, e.latencyMs / 1000);
  };
  const onSkipped = (e: SkippedEvent) =>
    records.inc({ object_type: e.objectType, lane: '', result: 'unchanged' });
  const onDeadLettered = (e: DeadLetteredEvent) =>
    records.inc({ object_type: e.objectType, lane: '', result: 'dead_lettered' });
  events.on('synced', onSynced).on('skipped', onSkipped).on('dead-lettered', onDeadLettered);
  return {
    metrics: [records, latency],
    stop: () => events.off('synced', onSynced).off('skipped', onSkipped).off('dead-lettered', onDeadLettered),
  };
}
