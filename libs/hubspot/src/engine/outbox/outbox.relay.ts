import { InjectQueue } from '@nestjs/bull';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Queue } from 'bull';
import { ExponentialBackoff, IBackoff, timeout, TimeoutStrategy } from 'cockatiel';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS, SALES_QUEUE } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { OutboxKind } from './hubspot-outbox.entity';
import { OutboxEpochTracker } from './outbox-epoch.tracker';
import { OutboxWakeup } from './outbox-wakeup.signal';
import { OutboxStats, OutboxStore } from './outbox.store';
import { OutboxDispatcher, OutboxRecord } from './outbox.types';

/** First idle wait; doubles while nothing arrives, up to `outbox.maxPollMs`. */
const FIRST_IDLE_MS = 100;
/** A relay transaction holds its row locks at most this long; a Redis that hangs longer rolls it back. */
const DISPATCH_TIMEOUT_MS = 10_000;

export interface OutboxRelayState {
  /** This process relays (`outbox.relay`). */
  running: boolean;
  /** Redis (or the database) unreachable: the relay waits with backoff; writes keep landing in the outbox. */
  paused: boolean;
  /** Rows this process has relayed since boot. */
  relayedRows: number;
}

/** The outbox table and this process's relay (health and metrics). */
export interface OutboxStatus extends OutboxStats {
  relay: OutboxRelayState;
}

/**
 * Moves committed outbox rows into the Redis pipelines (one dispatcher per kind, registered by the services
 * that own them: upserts and associations into their portal's dispatch queue, sales into the sales queue).
 * Woken on commit (this process, or another one through Redis pub/sub); otherwise it polls, slower and slower
 * while idle. While Redis is unreachable it backs off, logs once, and resumes when Redis is ready again. Rows
 * relayed long ago but never settled, or relayed into a Redis that came back empty, are relayed again; the
 * dispatcher's sequence guard ignores what it already has.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly dispatchers = new Map<OutboxKind, OutboxDispatcher>();
  private readonly backoff: ExponentialBackoff<unknown>;
  private readonly dispatchTimeout = timeout(DISPATCH_TIMEOUT_MS, TimeoutStrategy.Aggressive);
  private running = false;
  private loop?: Promise<void>;
  private woken = false;
  private interrupt?: () => void;
  private outageSince?: number;
  private lastStaleSweep = 0;
  private relayed = 0;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    @Inject(HUBSPOT_REDIS) private readonly redis: HubspotRedis,
    @InjectQueue(SALES_QUEUE) private readonly salesQueue: Queue,
    private readonly store: OutboxStore,
    private readonly epochs: OutboxEpochTracker,
    private readonly wakeup: OutboxWakeup,
  ) {
    this.backoff = new ExponentialBackoff({ initialDelay: 200, maxDelay: config.outbox.maxPollMs });
  }

  /** How rows of `kind` are queued (done by the module's own services at init). */
  register(kind: OutboxKind, dispatcher: OutboxDispatcher): void {
    this.dispatchers.set(kind, dispatcher);
  }

  get state(): OutboxRelayState {
    return { running: this.running, paused: this.outageSince !== undefined, relayedRows: this.relayed };
  }

  async status(): Promise<OutboxStatus> {
    return { ...(await this.store.stats()), relay: this.state };
  }

  onApplicationBootstrap(): void {
    if (!this.config.outbox.relay) return;
    this.running = true;
    this.wakeup.listen(() => this.wake());
    this.redis.on('ready', this.onRedisReady).on('close', this.onRedisLost);
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.redis.off('ready', this.onRedisReady).off('close', this.onRedisLost);
    this.interrupt?.();
    await this.loop;
  }

  /** Look at the table now (rows were committed). */
  wake(): void {
    this.woken = true;
    if (this.outageSince === undefined) this.interrupt?.();
  }

  private readonly onRedisReady = () => {
    if (this.outageSince !== undefined) this.interrupt?.();
  };

  /** Said at once, not when a command to the vanished Redis finally gives up (it waits for a reconnect). */
  private readonly onRedisLost = () => {
    if (this.running) this.paused(new Error('Redis connection lost'));
  };

  private async run(): Promise<void> {
    let idle = FIRST_IDLE_MS;
    let backoff: IBackoff<unknown> | undefined;
    while (this.running) {
      this.woken = false;
      let delay = 0;
      // Only a cycle that started during an outage ends it (one already running may finish after it began).
      const duringOutage = this.outageSince !== undefined;
      try {
        const claimed = await this.cycle();
        if (duringOutage) this.resumed();
        backoff = undefined;
        if (claimed > 0) idle = FIRST_IDLE_MS;
        else if (!this.woken) {
          delay = idle;
          idle = Math.min(idle * 2, this.config.outbox.maxPollMs);
        }
      } catch (err) {
        backoff = backoff ? backoff.next(undefined) : this.backoff.next();
        this.paused(err as Error);
        delay = backoff.duration;
      }
      if (delay > 0 && this.running) await this.sleep(delay);
    }
  }

  /** One relay transaction; returns how many rows it claimed. */
  private async cycle(): Promise<number> {
    const down = [this.redis, this.salesQueue.client].find((client) => client.status !== 'ready');
    if (down) throw new Error(`Redis unreachable (${down.status})`);
    const epoch = await this.epochs.current();
    const { redeliverAfterMs, batchSize } = this.config.outbox;
    if (Date.now() - this.lastStaleSweep > Math.min(redeliverAfterMs / 2, 60_000)) {
      const requeued = await this.store.requeueStale(redeliverAfterMs);
      if (requeued)
        this.logger.warn(`${requeued} outbox row(s) relayed but unsettled for too long: relaying again`);
      this.lastStaleSweep = Date.now();
    }
    const claimed = await this.store.relayDue(batchSize, epoch, (records) =>
      this.dispatchTimeout.execute(() => this.dispatch(records)),
    );
    this.relayed += claimed;
    return claimed;
  }

  private async dispatch(records: OutboxRecord[]): Promise<void> {
    const byKind = new Map<OutboxKind, OutboxRecord[]>();
    for (const record of records) byKind.set(record.kind, [...(byKind.get(record.kind) ?? []), record]);
    await Promise.all(
      [...byKind].map(([kind, group]) => {
        const dispatcher = this.dispatchers.get(kind);
        if (dispatcher) return dispatcher(group);
        // Rows of a kind this version cannot send (written by a newer one) come back after redeliverAfterMs.
        this.logger.error(
          `No outbox dispatcher for '${kind}': ${group.length} record(s) left for an instance that has one`,
        );
      }),
    );
  }

  private paused(err: Error): void {
    if (this.outageSince !== undefined) return;
    this.outageSince = Date.now();
    this.logger.warn(
      `Outbox relay paused: ${err.message}. Writes keep landing in hubspot_outbox; retrying with backoff (at most ${this.config.outbox.maxPollMs} ms apart)`,
    );
  }

  private resumed(): void {
    if (this.outageSince === undefined) return;
    this.logger.log(`Outbox relay resumed after ${Math.round((Date.now() - this.outageSince) / 1000)} s`);
    this.outageSince = undefined;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interrupt = done;
    });
  }
}
