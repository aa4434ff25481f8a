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
  /** Key in the sync ledger (and, with the object type, the record's identity in its portal's queue). */
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

/** The merged state a batch claimed for sending. */
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
  /** Earlier attempts that failed retryably. */
  attempts: number;
  /** The record in its portal's queue (kept on dead letters). */
  dispatchId: string;
}
