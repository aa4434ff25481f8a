/** What a caller (or queue) should do with a failed call. */
export type HubspotErrorDisposition = 'retry' | 'park' | 'fail';

export interface HubspotErrorDetails {
  status?: number;
  category?: string;
  subCategory?: string;
  correlationId?: string;
  context?: Record<string, unknown>;
  errors?: Array<{ message: string; in?: string; code?: string; context?: Record<string, unknown> }>;
  retryAfterMs?: number;
  portalId?: number;
  method?: string;
  path?: string;
  cause?: unknown;
}

/** Base of every error the module raises about a HubSpot call. Never carries a token. */
export abstract class HubspotError extends Error {
  abstract readonly disposition: HubspotErrorDisposition;
  readonly status?: number;
  readonly category?: string;
  readonly subCategory?: string;
  readonly correlationId?: string;
  readonly context?: Record<string, unknown>;
  readonly errors?: HubspotErrorDetails['errors'];
  readonly retryAfterMs?: number;
  readonly portalId?: number;
  readonly method?: string;
  readonly path?: string;

  constructor(message: string, details: HubspotErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.category = details.category;
    this.subCategory = details.subCategory;
    this.correlationId = details.correlationId;
    this.context = details.context;
    this.errors = details.errors;
    this.retryAfterMs = details.retryAfterMs;
    this.portalId = details.portalId;
    this.method = details.method;
    this.path = details.path;
  }

  /** Worth trying again later (now, after backoff, or after the daily reset). */
  get retryable(): boolean {
    return this.disposition !== 'fail';
  }

  /** Safe, token-free shape for logs, dead letters and HTTP bodies. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      category: this.category,
      subCategory: this.subCategory,
      correlationId: this.correlationId,
      context: this.context,
      errors: this.errors,
      retryAfterMs: this.retryAfterMs,
    };
  }
}
