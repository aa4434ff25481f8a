import { Inject, Injectable, Logger } from '@nestjs/common';
import { timeout, TimeoutStrategy } from 'cockatiel';
import { randomBytes } from 'node:crypto';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { OutboxStore } from './outbox.store';

/** Sets the epoch if Redis has none (it came back empty, was flushed, or is new), then returns it. */
const EPOCH_SCRIPT = `
if redis.call('SETNX', KEYS[1], ARGV[1]) == 1 then return ARGV[1] end
return redis.call('GET', KEYS[1])
`;

/** A command to a Redis that went away waits for its return; the relay would rather back off. */
const READ_TIMEOUT_MS = 5_000;

/**
 * Names the data set in Redis the relay hands rows to: a random key the relay creates when it is missing. A
 * different value than last time means Redis lost what was relayed (restarted without persistence, flushed):
 * every relayed but unsettled row of another epoch then waits for the relay again.
 */
@Injectable()
export class OutboxEpochTracker {
  private readonly logger = new Logger('OutboxRelay');
  private readonly key: string;
  private readonly readTimeout = timeout(READ_TIMEOUT_MS, TimeoutStrategy.Aggressive);
  private known?: string;

  constructor(
    @Inject(HUBSPOT_REDIS) private readonly redis: HubspotRedis,
    @InjectHubspotConfig() config: HubspotConfig,
    private readonly store: OutboxStore,
  ) {
    this.key = `${config.redis.keyPrefix}:outbox:epoch`;
  }

  /** The current epoch; when it changed, rows relayed into an earlier one are requeued first. */
  async current(): Promise<string> {
    const epoch = String(
      await this.readTimeout.execute(() =>
        this.redis.eval(EPOCH_SCRIPT, 1, this.key, randomBytes(8).toString('hex')),
      ),
    );
    if (epoch === this.known) return epoch;
    const requeued = await this.store.requeueOtherEpochs(epoch);
    if (requeued && this.known)
      this.logger.warn(
        `Redis lost the relayed intents (restarted empty or flushed): relaying ${requeued} unsettled outbox row(s) again`,
      );
    else if (requeued)
      this.logger.log(`Relaying ${requeued} unsettled outbox row(s) of an earlier Redis data set again`);
    this.known = epoch;
    return epoch;
  }
}
