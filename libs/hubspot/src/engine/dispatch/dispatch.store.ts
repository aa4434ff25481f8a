import { Inject, Injectable } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { Lane, LANES } from '../../http/hubspot-request.types';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import {
  CLAIM_LUA,
  DISCARD_LUA,
  FINISH_LUA,
  PEEK_LUA,
  RELEASE_LUA,
  RENEW_LUA,
  STAGE_LUA,
} from './dispatch-record.lua';
import { DispatchKeys, kindIndex, laneIndex } from './dispatch.keys';
import { ClaimedRecord, DISPATCH_KINDS, DispatchKind, PortalPark, RecordFields } from './dispatch.types';
import { parkOf } from './portal-state.store';

type Reply = Array<string | number>;
type Scripted = HubspotRedis & Record<string, (...args: Array<string | number>) => Promise<unknown>>;

/**
 * How long a record remembers the newest outbox row staged for it. Only relays racing each other need it (a
 * relay transaction lasts seconds); after that, relaying the same rows again stages the same values.
 */
const SEQUENCE_TTL_MS = 60 * 60_000;

const SCRIPTS = {
  dispatchClaim: CLAIM_LUA,
  dispatchFinish: FINISH_LUA,
  dispatchRelease: RELEASE_LUA,
  dispatchRenew: RENEW_LUA,
  dispatchDiscard: DISCARD_LUA,
  dispatchPeek: PEEK_LUA,
};

/** 'queued': waits in its ready set; 'held': a batch in flight sends it next; 'stale': a newer stage had it. */
export type StageState = 'queued' | 'held' | 'stale';

/** What a visit needs to know about a portal (expired leases already returned to their queues). */
export interface PortalPeek {
  park?: PortalPark;
  /** Ready sets to dispatch now, highest lane first. */
  dispatchable: Array<{ kind: DispatchKind; lane: Lane }>;
  /** Earliest due of anything waiting (null: nothing waits). */
  nextDue: number | null;
  /** Earliest lease expiry of anything in flight (null: nothing in flight). */
  nextLeaseExpiry: number | null;
  /** Redis time of the peek. */
  now: number;
}

export interface Release {
  member: string;
  /** Back after this long (a retry's backoff)... */
  delayMs: number;
  /** ...or back at this due time (its old place in the queue: never sent, no attempt spent). */
  at?: number;
  addAttempts: number;
}

/**
 * The per-portal record queues in Redis (see dispatch-record.lua.ts): staging with per-field merge, claiming
 * under a lease, finishing, releasing with backoff, returning expired leases. Shared by every process.
 */
@Injectable()
export class DispatchStore {
  readonly keys: DispatchKeys;
  private readonly redis: Scripted;

  constructor(
    @Inject(HUBSPOT_REDIS) redis: HubspotRedis,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
  ) {
    this.keys = new DispatchKeys(config.redis.keyPrefix);
    this.redis = redis as Scripted;
    const slots = this.keys.portal(0).length;
    for (const [name, lua] of Object.entries(SCRIPTS)) {
      if (!this.redis[name]) redis.defineCommand(name, { numberOfKeys: slots, lua });
    }
    if (!this.redis.dispatchStage)
      redis.defineCommand('dispatchStage', { numberOfKeys: slots + 1, lua: STAGE_LUA });
  }

  /**
   * Merges fields into the record's staged state. `due`: when its portal should be visited. With `seq` (the
   * newest outbox row the fields carry), nothing is written when a stage with the same or a newer row was
   * ('stale'); `since`: when the oldest change merged into the fields was made (default now).
   */
  async stage(
    portalId: number,
    kind: DispatchKind,
    member: string,
    lane: Lane,
    fields: RecordFields,
    order: { seq?: number; since?: number } = {},
  ): Promise<{ state: StageState; due: number }> {
    const [state, due] = (await this.redis.dispatchStage(
      ...this.keys.portal(portalId),
      this.keys.sequence(portalId, member),
      kindIndex(kind),
      laneIndex(lane),
      this.config.sync.coalesceWindowMs,
      this.config.sync.batchSize,
      member,
      JSON.stringify(fields),
      order.since ?? Date.now(),
      order.seq ?? '',
      SEQUENCE_TTL_MS,
    )) as [number, number];
    return { state: state === 1 ? 'queued' : state === 0 ? 'held' : 'stale', due };
  }

  async peek(portalId: number): Promise<PortalPeek> {
    const reply = (await this.redis.dispatchPeek(
      ...this.keys.portal(portalId),
      this.config.sync.coalesceWindowMs,
      this.config.sync.batchSize,
    )) as Reply;
    const [reason, until, scope, nextDue, nextLease, now] = reply;
    const flags = reply.slice(6).map(Number);
    const dispatchable: PortalPeek['dispatchable'] = [];
    for (const lane of LANES) {
      for (const kind of DISPATCH_KINDS) {
        if (flags[(kindIndex(kind) - 1) * LANES.length + laneIndex(lane) - 1])
          dispatchable.push({ kind, lane });
      }
    }
    return {
      park: parkOf(reason, until, scope),
      dispatchable,
      nextDue: Number(nextDue) >= 0 ? Number(nextDue) : null,
      nextLeaseExpiry: Number(nextLease) >= 0 ? Number(nextLease) : null,
      now: Number(now),
    };
  }

  /** Claims up to batchSize records of one kind and lane for `token`, each under a lease. */
  async claim(portalId: number, kind: DispatchKind, lane: Lane, token: string): Promise<ClaimedRecord[]> {
    const reply = (await this.redis.dispatchClaim(
      ...this.keys.portal(portalId),
      kindIndex(kind),
      laneIndex(lane),
      this.config.sync.coalesceWindowMs,
      this.config.sync.batchSize,
      this.config.sync.leaseMs,
      token,
    )) as string[];
    const records: ClaimedRecord[] = [];
    for (let i = 0; i < reply.length; i += 3) {
      const fields = JSON.parse(reply[i + 1]) as RecordFields;
      records.push({
        member: reply[i],
        fields,
        attempts: Number(fields['m:att'] ?? 0),
        due: Number(reply[i + 2]),
      });
    }
    return records;
  }

  /** 'more': newer data was staged while the batch was out, and the record is queued again. */
  async finish(
    portalId: number,
    token: string,
    members: string[],
  ): Promise<Array<'more' | 'released' | 'lost'>> {
    if (!members.length) return [];
    const reply = (await this.redis.dispatchFinish(
      ...this.keys.portal(portalId),
      token,
      ...members,
    )) as number[];
    return reply.map((n) => (n === 1 ? 'more' : n === 0 ? 'released' : 'lost'));
  }

  /** Puts claimed records back; returns the earliest due time (null when none was still this batch's). */
  async release(portalId: number, token: string, items: Release[]): Promise<number | null> {
    if (!items.length) return null;
    const args = items.flatMap((r) => [
      r.member,
      r.at === undefined ? -1 : Math.round(r.at),
      Math.max(0, Math.round(r.delayMs)),
      r.addAttempts,
    ]);
    const due = Number(await this.redis.dispatchRelease(...this.keys.portal(portalId), token, ...args));
    return due >= 0 ? due : null;
  }

  async renew(portalId: number, token: string, members: string[]): Promise<number> {
    const leaseMs = this.config.sync.leaseMs;
    return Number(await this.redis.dispatchRenew(...this.keys.portal(portalId), token, leaseMs, ...members));
  }

  /** Drops what was staged for the record and not yet claimed (GDPR erasure). */
  async discard(portalId: number, member: string): Promise<void> {
    await this.redis.dispatchDiscard(...this.keys.portal(portalId), member);
  }

  /** Staged and claimed state of one record (inspection and tests). */
  async inspect(
    portalId: number,
    member: string,
  ): Promise<{ pending?: RecordFields; inFlight?: RecordFields }> {
    const [pend, fly] = this.keys.portal(portalId);
    const [pending, inFlight] = await Promise.all([
      this.redis.hget(pend, member),
      this.redis.hget(fly, member),
    ]);
    return {
      pending: pending ? (JSON.parse(pending) as RecordFields) : undefined,
      inFlight: inFlight ? (JSON.parse(inFlight) as RecordFields) : undefined,
    };
  }
}
