import { Inject, Injectable } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { DispatchKeys } from './dispatch.keys';
import { SETTLE_LUA, TAKE_LUA } from './portal-index.lua';

type Scripted = HubspotRedis & {
  dispatchIndexTake(key: string, max: number, leaseMs: number): Promise<string[]>;
  dispatchIndexSettle(key: string, portal: number, lease: number, next: number): Promise<number>;
};

/** Due portals taken for a visit, oldest due first; `lease` is the score they hold meanwhile. */
export interface TakenPortals {
  lease: number;
  /** Portals that were due in all (taken or not). */
  due: number;
  portals: Array<{ portalId: number; due: number }>;
}

/**
 * The index of portals with work (see portal-index.lua.ts), shared by every process. It is not atomic with the
 * portals' own queues: producers add after staging, and a dispatcher settles a visited portal's score only if
 * no producer lowered it meanwhile, so a wake-up is never lost; a process dying mid-visit delays the portal
 * by the visit lease at most. `SyncDispatcher` also sweeps installed portals that have work but no entry.
 */
@Injectable()
export class PortalIndex {
  private readonly redis: Scripted;
  private readonly key: string;

  constructor(@Inject(HUBSPOT_REDIS) redis: HubspotRedis, @InjectHubspotConfig() config: HubspotConfig) {
    this.key = new DispatchKeys(config.redis.keyPrefix).index;
    this.redis = redis as Scripted;
    if (!this.redis.dispatchIndexTake) {
      redis.defineCommand('dispatchIndexTake', { numberOfKeys: 1, lua: TAKE_LUA });
      redis.defineCommand('dispatchIndexSettle', { numberOfKeys: 1, lua: SETTLE_LUA });
    }
  }

  async take(max: number, leaseMs: number): Promise<TakenPortals> {
    const [lease, due, ...rest] = await this.redis.dispatchIndexTake(this.key, max, leaseMs);
    const portals: TakenPortals['portals'] = [];
    for (let i = 0; i < rest.length; i += 2)
      portals.push({ portalId: Number(rest[i]), due: Number(rest[i + 1]) });
    return { lease: Number(lease), due: Number(due), portals };
  }

  /** After a visit: the portal is next due at `next`, or has nothing left (null). */
  async settle(portalId: number, lease: number, next: number | null): Promise<void> {
    await this.redis.dispatchIndexSettle(this.key, portalId, lease, next ?? -1);
  }

  /** The portal is due at `due` at the latest (producers, finished batches). */
  async lower(portalId: number, due: number): Promise<void> {
    await this.redis.zadd(this.key, 'LT', due, String(portalId));
  }

  /** When the next portal is due (null: none has work). */
  async earliest(): Promise<number | null> {
    const [, score] = await this.redis.zrange(this.key, 0, 0, 'WITHSCORES');
    return score === undefined ? null : Number(score);
  }

  /** Portals with work (parked ones included). */
  async portals(): Promise<number[]> {
    return (await this.redis.zrange(this.key, 0, -1)).map(Number);
  }
}
