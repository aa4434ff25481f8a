/** Priority lanes: a backfill never delays a signup by more than one window. Highest first. */
export type Lane = 'live' | 'webhook' | 'reconcile' | 'backfill';
export const LANES: readonly Lane[] = ['live', 'webhook', 'reconcile', 'backfill'];
/** Lanes that park when the daily budget runs low; live and webhook work continues. */
export const BULK_LANES: readonly Lane[] = ['reconcile', 'backfill'];

/** Which HubSpot budget a call spends; derived from the path unless given. */
export type Bucket = 'default' | 'search' | 'associations';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | undefined | Array<string | number>;

export interface HubspotRequest {
  method: HttpMethod;
  /** Path below the base URL, e.g. '/crm/objects/2026-09/contacts/batch/upsert' (see HubspotPaths). */
  path: string;
  query?: Record<string, QueryValue>;
  /** JSON body; a string or URLSearchParams is sent as is. */
  body?: unknown;
  /** Portal whose token and budget to use; defaults to the static token's portal. */
  portalId?: number;
  lane?: Lane;
  bucket?: Bucket;
  /** Overrides the configured per-request timeout. */
  timeoutMs?: number;
  /** Max attempts for retryable failures (1 = no retry). Defaults to the configured value. */
  maxAttempts?: number;
  /** Skip the Authorization header (OAuth token endpoint). */
  anonymous?: boolean;
}

export interface HubspotResponse<T = unknown> {
  status: number;
  data: T;
  headers: Record<string, string>;
  correlationId?: string;
  /** Attempts it took, including the successful one. */
  attempts: number;
}

/** One failed row of a 207 batch response, as HubSpot sends it. */
export interface HubspotBatchError {
  status: 'error';
  category: string;
  message: string;
  context?: Record<string, string[]>;
  subCategory?: string;
  errors?: Array<{ message: string; in?: string; code?: string }>;
}

export interface HubspotBatchResponse<R> {
  status: 'COMPLETE' | 'PENDING' | 'PROCESSING' | 'CANCELED';
  results: R[];
  numErrors?: number;
  errors?: HubspotBatchError[];
  startedAt: string;
  completedAt: string;
}

export interface HubspotObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  /** batch/upsert only */
  new?: boolean;
}

/** What one attempt brought back from HubSpot, before classification. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** performance.now() when the response head arrived. */
  receivedAt?: number;
}

/** Which budget one attempt spends. */
export interface BudgetContext {
  portalId: number;
  lane: Lane;
  bucket: Bucket;
  /** Not counted against the portal (OAuth token endpoints). */
  unmetered?: boolean;
}
