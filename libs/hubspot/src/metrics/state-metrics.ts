import { DeadLettersService } from '../engine/dead-letters/dead-letters.service';
import { PortalBacklogReader } from '../engine/dispatch/portal-backlog.reader';
import { QueueBacklogReader } from '../engine/workers/queue-backlog.reader';
import { OutboxRelay, OutboxStatus } from '../engine/outbox/outbox.relay';
import { MetricGroup, Registers } from './metric-group';
import { PromClientModule } from './prom-client.peer';

/**
 * Read at scrape time: Bull queue depth (webhook events, runs, sales), how late the oldest due record is, open
 * dead letters, and the outbox (rows waiting for the relay or for HubSpot, the age of the oldest, whether the
 * relay is paused).
 */
export function stateMetrics(
  client: PromClientModule,
  registers: Registers,
  queues: QueueBacklogReader,
  dispatch: PortalBacklogReader,
  deadLetters: DeadLettersService,
  outbox: OutboxRelay,
): MetricGroup {
  const queueDepth = new client.Gauge({
    name: 'hubspot_queue_jobs',
    help: 'Jobs in the module Bull queues (webhook events, runs, sales) by state',
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
    help: 'How long the oldest due record (any portal not parked) has waited past its due time',
    registers,
    async collect() {
      this.set(await dispatch.lagSeconds());
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
  // One read of the outbox per scrape, shared by its gauges.
  let outboxRead: { at: number; status: Promise<OutboxStatus> } | undefined;
  const outboxStatus = () => {
    if (!outboxRead || Date.now() - outboxRead.at > 1_000)
      outboxRead = { at: Date.now(), status: outbox.status() };
    return outboxRead.status;
  };
  const outboxRows = new client.Gauge({
    name: 'hubspot_outbox_rows',
    help: 'Outbox rows not settled yet: waiting for the relay, or relayed and waiting for HubSpot',
    labelNames: ['state'],
    registers,
    async collect() {
      const { size, waiting } = await outboxStatus();
      this.set({ state: 'waiting' }, waiting);
      this.set({ state: 'relayed' }, size - waiting);
    },
  });
  const outboxAge = new client.Gauge({
    name: 'hubspot_outbox_oldest_age_seconds',
    help: 'Age of the oldest outbox row not settled yet (0 when empty)',
    registers,
    async collect() {
      this.set((await outboxStatus()).oldestAgeSeconds);
    },
  });
  const relayPaused = new client.Gauge({
    name: 'hubspot_outbox_relay_paused',
    help: "1 while this process's outbox relay waits for Redis (or the database) to come back",
    registers,
    async collect() {
      this.set((await outboxStatus()).relay.paused ? 1 : 0);
    },
  });
  return {
    metrics: [queueDepth, syncLag, deadLetterGauge, outboxRows, outboxAge, relayPaused],
    stop: () => undefined,
  };
}
