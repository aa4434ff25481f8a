import { HubspotError } from '../../errors';
import { Lane } from '../../http/hubspot-request.types';
import { HeldPermit } from '../../http/rate-limit/held-permit';
import { PropertyValue } from '../../model/property-value';

/** One input of a batch/upsert. */
export interface UpsertRow {
  idProperty: string;
  id: string;
  properties: Record<string, PropertyValue>;
}

export interface UpsertGroup {
  portalId: number;
  objectType: string;
  lane: Lane;
  /** How the calls go out: a permit reserved beforehand (spent by the first), attempts per call. */
  call?: { permit?: HeldPermit; maxAttempts?: number };
}

/** What happened to one row; the caller settles its job (or result) from it. */
export type RowOutcome =
  | { kind: 'ok'; hubspotId: string; created: boolean; correlationId?: string }
  | { kind: 'retry'; error: HubspotError }
  | { kind: 'fatal'; error: HubspotError };
