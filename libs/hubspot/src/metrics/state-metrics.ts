import { Gauge } from 'prom-client';
import { DeadLettersService } from '../engine/dead-letters/dead-letters.service';
import { PortalBacklogReader } from '../engine/dispatch/portal-backlog.reader';
import { QueueBacklogReader } from '../engine/workers/queue-backlog.reader';
import { MetricGroup, Registers } from './metric-group';

/** Read at scrape time: Bull queue depth, how late the oldest due record is, open dead letters. */
export function stateMetrics(
  registers: Registers,
  queues: QueueBacklogReader,
  dispatch: PortalBacklogReader,
  deadLetters: DeadLettersService,
): MetricGroup {
  const queueDepth = new Gauge({
    name: 'hubspot_queue_jobs',
    help: 'Jobs in the module Bull queues (webhook events, runs) by state',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      this.reset();
      for (const q of await queues.backlog()) {
        for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) {
          this.set({ queue: q.queue, state }, q[state]);
        }
      }
    },
  });
  const syncLag = new Gauge({
    name: 'hubspot_sync_lag_seconds',
    help: 'How long the oldest due record (any portal not parked) has waited past its due time',
    registers,
    async collect() {
      this.set(await dispatch.lagSeconds());
    },
  });
  const deadLetterGauge = new Gauge({
    name: 'hubspot_dead_letters',
    help: 'Dead letters awaiting a replay or an operator',
    registers,
    async collect() {
      this.set(await deadLetters.countOpen());
    },
  });
  return { metrics: [queueDepth, syncLag, deadLetterGauge], stop: () => undefined };
}
