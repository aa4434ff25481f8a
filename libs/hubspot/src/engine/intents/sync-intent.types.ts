import { Lane } from '../../http/hubspot-request.types';
import { PropertyValue } from '../../model/property-value';

/** One desired state of one HubSpot record, keyed by a unique property (email, custom id, domain key). */
export interface SyncIntent {
  portalId: number;
  /** 'contacts', 'companies', 'tickets', a custom object's '2-1234', ... */
  objectType: string;
  /** Unique property HubSpot resolves the record by (batch/upsert idProperty). */
  idProperty: string;
  /** Value of idProperty. */
  id: string;
  /** Key in the sync ledger (and in the queue's job id). */
  localKey: string;
  properties: Record<string, PropertyValue>;
  lane?: Lane;
  /** Dead letters this intent replays: resolved when HubSpot accepts it. */
  deadLetterIds?: number[];
  /** Outbox rows this intent carries: deleted once HubSpot accepted it or it was dead-lettered. */
  outboxIds?: number[];
  /** Newest outbox row merged into it: a relay holding only older rows of the record never overwrites it. */
  outboxSeq?: number;
  /** Epoch ms of the oldest change merged into it (default: now), where its latency is measured from. */
  since?: number;
}

/** What a Bull job on SYNC_QUEUE carries: a pointer to the staged intent in Redis, never the properties. */
export interface SyncJobData {
  portalId: number;
  objectType: string;
  localKey: string;
  lane: Lane;
  /** Set when the job was created to continue a parked one (daily limit). */
  parkedFrom?: string;
  /** Why it was parked: the error's category (DAILY, BAD_REFRESH_TOKEN, ...) and message, for operators. */
  parkedReason?: string;
}

/** The merged state a job claimed for sending. */
export interface ClaimedIntent {
  portalId: number;
  objectType: string;
  idProperty: string;
  id: string;
  localKey: string;
  lane: Lane;
  properties: Record<string, PropertyValue>;
  deadLetterIds: number[];
  outboxIds: number[];
  /** Epoch ms of the oldest intent merged into this one (enqueue -> HubSpot latency). */
  firstEnqueuedAt: number;
}

export const SYNC_JOB_NAME = 'upsert';
