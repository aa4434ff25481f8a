import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { DispatchKeys } from './dispatch.keys';

export type NudgeListener = (portalId: number, due: number) => void;

/**
 * Tells sleeping dispatchers (every process, through Redis pub/sub) that a portal is due soon, so a live
 * enqueue is picked up at its due time rather than at the next idle poll. Best effort: the index holds the
 * truth and dispatchers poll it at least once a second.
 */
@Injectable()
export class DispatchNudges implements OnApplicationShutdown {
  private readonly logger = new Logger(DispatchNudges.name);
  private readonly channel: string;
  /** Per portal, the due time this process last announced; repeats within it stay quiet. */
  private readonly announced = new Map<number, number>();
  private subscriber?: HubspotRedis;

  constructor(
    @Inject(HUBSPOT_REDIS) private readonly redis: HubspotRedis,
    @InjectHubspotConfig() config: HubspotConfig,
  ) {
    this.channel = new DispatchKeys(config.redis.keyPrefix).nudges;
  }

  async publish(portalId: number, due: number): Promise<void> {
    const last = this.announced.get(portalId);
    if (last !== undefined && last <= due && last > Date.now()) return;
    this.announced.set(portalId, due);
    if (this.announced.size > 10_000) this.announced.clear();
    await this.redis.publish(this.channel, `${portalId}:${due}`);
  }

  async subscribe(listener: NudgeListener): Promise<void> {
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', (err: Error) => this.logger.debug(`nudge subscriber: ${err.message}`));
    subscriber.on('message', (_channel: string, message: string) => {
      const [portalId, due] = message.split(':').map(Number);
      if (Number.isFinite(portalId) && Number.isFinite(due)) listener(portalId, due);
    });
    await subscriber.subscribe(this.channel);
  }

  async onApplicationShutdown(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (!subscriber) return;
    await subscriber.quit().catch(() => subscriber.disconnect());
  }
}
