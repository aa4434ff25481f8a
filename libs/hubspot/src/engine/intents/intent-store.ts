import type { Redis } from 'ioredis';
import { Lane } from '../../http/hubspot-request.types';
import { PropertyValue } from '../../model/property-value';
import { CLAIM_SCRIPT, FINISH_SCRIPT, HANDOFF_SCRIPT, STAGE_SCRIPT } from './intent-store.lua';
import { ClaimedIntent, SyncIntent } from './sync-intent.types';

export interface IntentRef {
  portalId: number;
  objectType: string;
  localKey: string;
}

/**
 * How long a record remembers the newest outbox row staged for it. Only relays racing each other need it (a
 * relay transaction lasts seconds); after that, relaying the same rows again stages the same values.
 */
const OUTBOX_SEQ_TTL_MS = 60 * 60_000;

type ScriptClient = Redis & {
  hubspotIntentStage(...args: Array<string | number>): Promise<[number, string]>;
  hubspotIntentClaim(...args: string[]): Promise<string[]>;
  hubspotIntentFinish(...args: string[]): Promise<number>;
  hubspotIntentHandoff(...args: string[]): Promise<number>;
};

/**
 * Durable per-record intent state in Redis (see intent-store.lua.ts). Repeated intents for one record merge
 * here, property by property, so a Bull job only points at its record and always sends the newest state.
 */
export class IntentStore {
  private readonly redis: ScriptClient;

  /**
   * @param keyPrefix the module's Redis key prefix
   * @param jobKeyPrefix prefix of the queue's job hashes (`queue.toKey('')`), to tell live owners from gone ones
   */
  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
    private readonly jobKeyPrefix: string,
  ) {
    this.redis = redis as ScriptClient;
    if (!this.redis.hubspotIntentStage) {
      redis.defineCommand('hubspotIntentStage', { numberOfKeys: 5, lua: STAGE_SCRIPT });
      redis.defineCommand('hubspotIntentClaim', { numberOfKeys: 3, lua: CLAIM_SCRIPT });
      redis.defineCommand('hubspotIntentFinish', { numberOfKeys: 3, lua: FINISH_SCRIPT });
      redis.defineCommand('hubspotIntentHandoff', { numberOfKeys: 1, lua: HANDOFF_SCRIPT });
    }
  }

  /** Stable part of the job id: `<portal>:<type>:<key>`. */
  static baseJobId(ref: IntentRef): string {
    return `${ref.portalId}:${ref.objectType}:${ref.localKey}`;
  }

  /**
   * Merges the intent into the record's pending state. Returns the job id to enqueue, or null when a live job
   * owns the record and will send this when its current batch is done (or an outbox relay found nothing newer
   * to stage than what already is).
   */
  async stage(intent: SyncIntent, now = Date.now()): Promise<string | null> {
    const fields: Array<string | number> = ['m:idp', intent.idProperty, 'm:id', intent.id];
    fields.push('m:lane', intent.lane ?? 'live');
    for (const [name, value] of Object.entries(intent.properties))
      fields.push(`p:${name}`, JSON.stringify(value));
    for (const id of intent.deadLetterIds ?? []) fields.push(`m:dl:${id}`, '1');
    for (const id of intent.outboxIds ?? []) fields.push(`m:ob:${id}`, '1');
    const [state, gen] = await this.redis.hubspotIntentStage(
      ...this.keys(intent),
      this.generationKey(),
      this.key(intent, 's'),
      this.jobKeyPrefix,
      intent.since ?? now,
      intent.outboxSeq ?? '',
      OUTBOX_SEQ_TTL_MS,
      ...fields,
    );
    return Number(state) === 0 ? `${IntentStore.baseJobId(intent)}:${gen}` : null;
  }

  /** Takes the record for `owner`: 'busy' if another live job has it, null if there is nothing to send. */
  async claim(ref: IntentRef, owner: string): Promise<ClaimedIntent | 'busy' | null> {
    const reply = await this.redis.hubspotIntentClaim(...this.keys(ref), this.jobKeyPrefix, owner);
    if (reply[0] === 'busy') return 'busy';
    const fields = new Map<string, string>();
    for (let i = 1; i < reply.length; i += 2) fields.set(reply[i], reply[i + 1]);
    const idProperty = fields.get('m:idp');
    const id = fields.get('m:id');
    if (!idProperty || id === undefined) return null;
    const properties: Record<string, PropertyValue> = {};
    const deadLetterIds: number[] = [];
    const outboxIds: number[] = [];
    for (const [field, value] of fields) {
      if (field.startsWith('p:')) properties[field.slice(2)] = JSON.parse(value) as PropertyValue;
      else if (field.startsWith('m:dl:')) deadLetterIds.push(Number(field.slice(5)));
      else if (field.startsWith('m:ob:')) outboxIds.push(Number(field.slice(5)));
    }
    return {
      ...ref,
      idProperty,
      id,
      lane: (fields.get('m:lane') as Lane | undefined) ?? 'live',
      properties,
      deadLetterIds,
      outboxIds,
      firstEnqueuedAt: Number(fields.get('m:first') ?? Date.now()),
    };
  }

  /** The owner is done with its claim. 'more': new intents were staged meanwhile, claim again. */
  async finish(ref: IntentRef, owner: string): Promise<'more' | 'released' | 'lost'> {
    const result = Number(await this.redis.hubspotIntentFinish(...this.keys(ref), owner));
    return result === 1 ? 'more' : result === 0 ? 'released' : 'lost';
  }

  /** Passes the record's lease from `owner` to `successor` (a delayed job continuing the work). */
  async handoff(ref: IntentRef, owner: string, successor: string): Promise<boolean> {
    return Number(await this.redis.hubspotIntentHandoff(this.key(ref, 'l'), owner, successor)) === 1;
  }

  /** Drops intents staged but not yet claimed (GDPR erasure: nothing may recreate the record). */
  async discardPending(ref: IntentRef): Promise<void> {
    await this.redis.del(this.key(ref, 'p'));
  }

  /** Pending and in-flight state of a record (inspection and tests). */
  async inspect(
    ref: IntentRef,
  ): Promise<{ pending: Record<string, string>; inflight: Record<string, string> }> {
    const [pending, inflight] = await Promise.all([
      this.redis.hgetall(this.key(ref, 'p')),
      this.redis.hgetall(this.key(ref, 'i')),
    ]);
    return { pending, inflight };
  }

  private keys(ref: IntentRef): [string, string, string] {
    return [this.key(ref, 'p'), this.key(ref, 'i'), this.key(ref, 'l')];
  }

  private key(ref: IntentRef, part: 'p' | 'i' | 'l' | 's'): string {
    return `${this.keyPrefix}:intent:${IntentStore.baseJobId(ref)}:${part}`;
  }

  private generationKey(): string {
    return `${this.keyPrefix}:intent:generation`;
  }
}
