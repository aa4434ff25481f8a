import { HubspotError } from '../../errors';
import { DeadLetterStatus } from './hubspot-dead-letter.entity';

export interface DeadLetterInput {
  portalId: number;
  objectType: string;
  operation: string;
  localKey: string | null;
  lane: string;
  payload: Record<string, unknown>;
  error: HubspotError | Error;
  attempts: number;
  jobId?: string | null;
  /** Existing dead letters this failure belongs to (a replay that failed again): updated, not duplicated. */
  deadLetterIds?: number[];
}

export interface DeadLetterFilter {
  portalId?: number;
  status?: DeadLetterStatus;
  objectType?: string;
  operation?: string;
  localKey?: string;
  limit?: number;
  offset?: number;
}

/** Sends a dead letter's payload again; the operation's worker resolves it once HubSpot accepts it. */
export type DeadLetterReplayer = (payload: Record<string, unknown>, deadLetterId: number) => Promise<void>;
