/**
 * HubSpot's dated API versions this module speaks, and their lifecycle. HubSpot ships a version every March
 * and September; it is "current" for 6 months, then "supported", and unsupported 18 months after release.
 * Moving to a new version: add it here (with its release date), make it the default, and let the emulator
 * serve it (`libs/hubspot-emulator/src/http/api-version.ts`).
 */
export const HUBSPOT_API_VERSIONS = ['2026-03', '2026-09'] as const;
export type HubspotApiVersion = (typeof HUBSPOT_API_VERSIONS)[number];

export const DEFAULT_API_VERSION: HubspotApiVersion = '2026-09';

/** Release (GA) dates, UTC. 2026-09's is the day its write validation took effect. */
const RELEASED_ON: Record<HubspotApiVersion, string> = {
  '2026-03': '2026-03-30',
  '2026-09': '2026-09-08',
};

/**
 * The OAuth token endpoints have one dated family, `/oauth/2026-03/...`, whatever `apiVersion` is: HubSpot
 * publishes no later OAuth version.
 */
export const OAUTH_API_VERSION = '2026-03';

const CURRENT_FOR_MONTHS = 6;
const UNSUPPORTED_AFTER_MONTHS = 18;

export type ApiVersionStatus = 'current' | 'supported' | 'unsupported';

export interface ApiVersionLifecycle {
  version: HubspotApiVersion;
  releasedOn: Date;
  /** From here on the version is merely "supported": a newer one is current. */
  currentUntil: Date;
  /** From here on HubSpot no longer supports the version. */
  unsupportedFrom: Date;
}

export function isHubspotApiVersion(value: unknown): value is HubspotApiVersion {
  return typeof value === 'string' && (HUBSPOT_API_VERSIONS as readonly string[]).includes(value);
}

export function apiVersionLifecycle(version: HubspotApiVersion): ApiVersionLifecycle {
  const releasedOn = new Date(`${RELEASED_ON[version]}T00:00:00Z`);
  return {
    version,
    releasedOn,
    currentUntil: addMonths(releasedOn, CURRENT_FOR_MONTHS),
    unsupportedFrom: addMonths(releasedOn, UNSUPPORTED_AFTER_MONTHS),
  };
}

export function apiVersionStatus(version: HubspotApiVersion, now: Date = new Date()): ApiVersionStatus {
  const life = apiVersionLifecycle(version);
  if (now >= life.unsupportedFrom) return 'unsupported';
  return now >= life.currentUntil ? 'supported' : 'current';
}

function addMonths(date: Date, months: number): Date {
  const out = new Date(date);
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
}
