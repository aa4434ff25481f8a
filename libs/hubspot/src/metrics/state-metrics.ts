import { DeadLettersService } from '../engine/dead-letters/dead-letters.service';
import { QueueBacklogReader } from '../engine/workers/queue-backlog.reader';
import { MetricGroup, Registers } from './metric-group';
import { PromClientModule } from './prom-client.peer';

/** Read at scrape time: queue depth, the age of the oldest waiting intent, open dead letters. */
export function stateMetrics(
  client: PromClientModule,
  registers: Registers,
  queues: QueueBacklogReader,
  deadLetters: DeadLettersService,
): MetricGroup {
  const queueDepth = new client.Gauge({
    name: 'hubspot_queue_jobs',
    help: 'Jobs in the module queues by state',
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
  const syncLag = new client.Gauge({
    name: 'hubspot_sync_lag_seconds',
    help: 'Age of the oldest sync intent still waiting to be sent',
    registers,
    async collect() {
      this.set(await queues.syncLagSeconds());
    },
  });
  const deadLetterGauge = new client.Gauge({
    name: 'hubspot_dead_letters',
    help: 'Dead letters awaiting a replay or an operator',
    registers,
    async collect() {
      this.set(await deadLetters.countOpen());
    },
  });
  return { metrics: [queueDepth, syncLag, deadLetterGauge], stop: () => undefined };
}
