import { DeadLettersService } from '../engine/dead-letters/dead-letters.service';
import { PortalBacklogReader } from '../engine/dispatch/portal-backlog.reader';
import { QueueBacklogReader } from '../engine/workers/queue-backlog.reader';
import { OutboxRelay } from '../engine/outbox/outbox.relay';
import { GaugeSpec, MetricGroup, perScrape, Registers, scrapedGauge, SetGauge } from './metric-group';
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
  const gauge = (spec: GaugeSpec, read: (set: SetGauge) => Promise<void>) =>
    scrapedGauge(client, registers, spec, read);
  const outboxStatus = perScrape(() => outbox.status());
  const metrics = [
    gauge(
      {
        name: 'hubspot_queue_jobs',
        help: 'Jobs in the module Bull queues (webhook events, runs, sales) by state',
        labelNames: ['queue', 'state'],
      },
      async (set) => {
        for (const q of await queues.backlog())
          for (const state of ['waiting', 'active', 'delayed', 'failed'] as const)
            set({ queue: q.queue, state }, q[state]);
      },
    ),
    gauge(
      {
        name: 'hubspot_sync_lag_seconds',
        help: 'How long the oldest due record (any portal not parked) has waited past its due time',
      },
      async (set) => set(await dispatch.lagSeconds()),
    ),
    gauge(
      { name: 'hubspot_dead_letters', help: 'Dead letters awaiting a replay or an operator' },
      async (set) => set(await deadLetters.countOpen()),
    ),
    gauge(
      {
        name: 'hubspot_outbox_rows',
        help: 'Outbox rows not settled yet: waiting for the relay, or relayed and waiting for HubSpot',
        labelNames: ['state'],
      },
      async (set) => {
        const { size, waiting } = await outboxStatus();
        set({ state: 'waiting' }, waiting);
        set({ state: 'relayed' }, size - waiting);
      },
    ),
    gauge(
      {
        name: 'hubspot_outbox_oldest_age_seconds',
        help: 'Age of the oldest outbox row not settled yet (0 when empty)',
      },
      async (set) => set((await outboxStatus()).oldestAgeSeconds),
    ),
    gauge(
      {
        name: 'hubspot_outbox_relay_paused',
        help: "1 while this process's outbox relay waits for Redis (or the database) to come back",
      },
      async (set) => set((await outboxStatus()).relay.paused ? 1 : 0),
    ),
  ];
  return { metrics, stop: () => undefined };
}
