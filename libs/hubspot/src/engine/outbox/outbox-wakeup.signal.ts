import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotRedis } from '../../redis/hubspot-redis.types';

/** A burst of commits becomes at most one message per instance per this gap. */
const PUBLISH_GAP_MS = 25;

/**
 * "Outbox rows were committed": wakes this process's relay at once and, through Redis pub/sub when Redis is
 * reachable, the relays of the other instances. Best effort by design: a lost signal costs one poll interval.
 */
@Injectable()
export class OutboxWakeup implements OnApplicationShutdown {
  private readonly local = new EventEmitter();
  private readonly instance = randomBytes(6).toString('hex');
  private readonly channel: string;
  private subscriber?: HubspotRedis;
  private gap?: NodeJS.Timeout;
  private pending = false;

  constructor(
    @Inject(HUBSPOT_REDIS) private readonly redis: HubspotRedis,
    @InjectHubspotConfig() config: HubspotConfig,
  ) {
    this.channel = `${config.redis.keyPrefix}:outbox:wake`;
  }

  /** A transaction with outbox rows committed in this process. */
  committed(): void {
    this.local.emit('wake');
    this.publish();
  }

  /** Calls `listener` on every wake-up, from this process or (once subscribed) from another instance. */
  listen(listener: () => void): void {
    this.local.on('wake', listener);
    if (this.subscriber) return;
    const subscriber = this.redis.duplicate();
    subscriber.on('error', () => undefined); // the main connection already reports Redis errors
    subscriber.on('ready', () => void subscriber.subscribe(this.channel).catch(() => undefined));
    subscriber.on('message', (_channel: string, from: string) => {
      if (from !== this.instance) this.local.emit('wake');
    });
    this.subscriber = subscriber;
  }

  onApplicationShutdown(): void {
    clearTimeout(this.gap);
    this.local.removeAllListeners();
    this.subscriber?.disconnect();
  }

  private publish(): void {
    if (this.gap) {
      this.pending = true;
      return;
    }
    // Never queue commands for a Redis that is away: the host's request must not wait for it.
    if (this.redis.status === 'ready') void this.redis.publish(this.channel, this.instance).catch(() => 0);
    this.gap = setTimeout(() => {
      this.gap = undefined;
      if (this.pending) {
        this.pending = false;
        this.publish();
      }
    }, PUBLISH_GAP_MS);
    this.gap.unref();
  }
}
