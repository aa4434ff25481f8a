import { HubspotError } from '../../errors';
import { HeldPermit } from '../../http/rate-limit/held-permit';
import { Bucket, Lane } from '../../http/hubspot-request.types';

/** What the dispatcher sends: record upserts, and queued associations (registered by the CRM layer). */
export type DispatchKind = 'upsert' | 'associate';
export const DISPATCH_KINDS: readonly DispatchKind[] = ['upsert', 'associate'];

/** A record's staged state: flat string fields ('p:<property>' = JSON value, 'm:*' = meta), merged per field. */
export type RecordFields = Record<string, string>;

/** One record a batch claimed: its id within the portal, what was staged, and how often it was tried. */
export interface ClaimedRecord {
  member: string;
  fields: RecordFields;
  /** Earlier attempts that failed retryably (0 on the first). */
  attempts: number;
  /** When it was due: a record that was never sent goes back to this place. */
  due: number;
}

export interface DispatchBatch {
  portalId: number;
  lane: Lane;
  records: ClaimedRecord[];
  /** The slot reserved before the records were claimed; the batch's first call spends it. */
  permit: HeldPermit;
  /** Another slot for a second call of the same batch, if the portal's window has one right now. */
  morePermit(): Promise<HeldPermit | null>;
}

/** What happens to one claimed record after its batch. */
export type RecordVerdict =
  /** Accepted, unchanged, or dead-lettered: done with what was claimed (newer staged data goes out next). */
  | { next: 'done' }
  /** Retryable: back to the portal's queue after a backoff; counts as an attempt. */
  | { next: 'retry'; error: Error }
  /** The portal cannot take work now (daily budget, re-install): back to the queue, the portal parks. */
  | { next: 'park'; error: HubspotError }
  /** Never sent (no slot for its call group): back to its place in the queue, no attempt counted. */
  | { next: 'release' };

/** Sends one kind of record. Handlers of kinds above the engine register themselves (DispatchKinds). */
export interface DispatchKindHandler {
  readonly kind: DispatchKind;
  /** Which budget a batch of this kind spends. */
  readonly bucket: Bucket;
  /** One verdict per record, in order. Never throws for HubSpot's answers. */
  send(batch: DispatchBatch): Promise<RecordVerdict[]>;
}

/** Why a portal is not dispatched right now. */
export type ParkReason = 'daily_limit' | 'daily_reserve' | 'needs_reinstall' | 'outage';

export interface PortalPark {
  reason: ParkReason;
  until: number;
  /** 'bulk': only reconcile and backfill wait (daily reserve); 'all': every lane. */
  scope: 'all' | 'bulk';
}

/** What the portal's queues hold, per lane. */
export interface LaneBacklog {
  lane: Lane;
  /** Records waiting (due or backing off). */
  ready: number;
}

export interface PortalBacklog {
  portalId: number;
  lanes: LaneBacklog[];
  /** Records in batches being sent right now (any lane). */
  inFlight: number;
  parked?: PortalPark;
  /** Epoch ms the oldest waiting record became due (undefined when nothing waits). */
  oldestDueAt?: number;
}
