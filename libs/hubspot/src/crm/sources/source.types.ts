/** A HubSpot property value as the host hands it over; HubSpot stores every value as a string. */
export type SourcePropertyValue = string | number | boolean | null;

/** One local user as HubSpot should see it (the CRM contact intent, plus the companies it belongs to). */
export interface SourceContact {
  /** Contacts are upserted by email when present, else by the unique user-id property. */
  email?: string;
  userId?: string;
  properties: Record<string, SourcePropertyValue>;
  /** Normalised domains of the companies this contact belongs to (associations phase). */
  companyDomains?: string[];
}

/** One local company as HubSpot should see it; keyed by its normalised domain. */
export interface SourceCompany {
  domain: string;
  properties: Record<string, SourcePropertyValue>;
}

export interface SourcePageRequest {
  /** Opaque cursor the source returned last time; null for the first page. */
  cursor: string | null;
  limit: number;
  portalId: number;
}

export interface SourcePage<T> {
  items: T[];
  /** Cursor of the next page; null when this was the last one. Must be stable across restarts. */
  nextCursor: string | null;
}

/** Local changes in a time range (incremental reconciliation), paged like SourcePageRequest. */
export interface SourceChangesRequest extends SourcePageRequest {
  /** Changed at or after this instant... */
  since: Date;
  /** ...and before this one. */
  until: Date;
}

/** Keys HubSpot reported as changed, to look up local truth for (incremental reconciliation). */
export interface ContactKeys {
  emails: string[];
  userIds: string[];
}

/**
 * The host's users, paged by a stable cursor (e.g. the primary key), and their mapping to HubSpot.
 * Implement it on a provider and mark the class with `@HubspotContactSource()`.
 */
export interface ContactSource<T = unknown> {
  /** Number of records `page` will walk (progress and ETA); optional. */
  count?(portalId: number): Promise<number>;
  page(request: SourcePageRequest): Promise<SourcePage<T>>;
  toContact(record: T): SourceContact;
  /** Local records for these keys; enables incremental reconciliation. */
  findByKeys?(keys: ContactKeys, portalId: number): Promise<T[]>;
  /**
   * Records changed locally in [since, until), e.g. by an `updated_at` column, paged by a stable cursor.
   * Incremental reconciliation checks them too, so a change made outside the module's calls (a bulk SQL
   * update, a restored backup) is found without a full run.
   */
  changedSince?(request: SourceChangesRequest): Promise<SourcePage<T>>;
}

/** The host's companies; mark the provider with `@HubspotCompanySource()`. */
export interface CompanySource<T = unknown> {
  count?(portalId: number): Promise<number>;
  page(request: SourcePageRequest): Promise<SourcePage<T>>;
  toCompany(record: T): SourceCompany;
  findByKeys?(domains: string[], portalId: number): Promise<T[]>;
  /** Companies changed locally in [since, until) (see ContactSource.changedSince). */
  changedSince?(request: SourceChangesRequest): Promise<SourcePage<T>>;
}
