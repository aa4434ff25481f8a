import { Inject, Injectable } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { LANES } from '../../http/hubspot-request.types';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { BACKLOG_LUA, FAILED_LUA, PARK_LUA } from './dispatch-portal.lua';
import { DispatchKeys, kindIndex, laneIndex } from './dispatch.keys';
import { DISPATCH_KINDS, ParkReason, PortalBacklog, PortalPark } from './dispatch.types';

type Scripted = HubspotRedis & Record<string, (...args: Array<string | number>) => Promise<unknown>>;

/** A portal's state as a whole, in Redis: why and until when it is parked, failed batches in a row, backlog. */
@Injectable()
export class PortalStateStore {
  private readonly keys: DispatchKeys;
  private readonly redis: Scripted;

  constructor(@Inject(HUBSPOT_REDIS) redis: HubspotRedis, @InjectHubspotConfig() config: HubspotConfig) {
    this.keys = new DispatchKeys(config.redis.keyPrefix);
    this.redis = redis as Scripted;
    if (!this.redis.dispatchPark) {
      redis.defineCommand('dispatchPark', { numberOfKeys: 1, lua: PARK_LUA });
      redis.defineCommand('dispatchFailed', { numberOfKeys: 1, lua: FAILED_LUA });
      redis.defineCommand('dispatchBacklog', { numberOfKeys: this.keys.portal(0).length, lua: BACKLOG_LUA });
    }
  }

  /** Parks the portal (or only its bulk lanes) for `ms`; returns when the park ends. */
  async park(portalId: number, reason: ParkReason, ms: number, scope: PortalPark['scope']): Promise<number> {
    const key = this.keys.park(portalId);
    return Number(await this.redis.dispatchPark(key, reason, Math.max(1, Math.round(ms)), scope));
  }

  async unpark(portalId: number): Promise<void> {
    await this.redis.del(this.keys.park(portalId));
  }

  /** One more batch in a row failed on HubSpot's side; returns how many. */
  async failed(portalId: number, ttlMs: number): Promise<number> {
    return Number(await this.redis.dispatchFailed(this.keys.failures(portalId), ttlMs));
  }

  async succeeded(portalId: number): Promise<void> {
    await this.redis.del(this.keys.failures(portalId));
  }

  /** Records waiting per lane, in flight, the park, and when the oldest waiting record became due. */
  async backlog(portalId: number): Promise<PortalBacklog> {
    const reply = (await this.redis.dispatchBacklog(...this.keys.portal(portalId))) as Array<string | number>;
    const [inFlight, reason, until, scope, oldest] = reply;
    const sizes = reply.slice(6).map(Number);
    const lanes = LANES.map((lane) => ({
      lane,
      ready: DISPATCH_KINDS.reduce(
        (n, kind) => n + sizes[(kindIndex(kind) - 1) * LANES.length + laneIndex(lane) - 1],
        0,
      ),
    }));
    return {
      portalId,
      lanes,
      inFlight: Number(inFlight),
      parked: parkOf(reason, until, scope),
      oldestDueAt: Number(oldest) >= 0 ? Number(oldest) : undefined,
    };
  }
}

/** A park as the scripts return it (empty reason: not parked). */
export function parkOf(
  reason: string | number,
  until: string | number,
  scope: string | number,
): PortalPark | undefined {
  if (!reason) return undefined;
  return { reason: reason as ParkReason, until: Number(until), scope: scope === 'bulk' ? 'bulk' : 'all' };
}
