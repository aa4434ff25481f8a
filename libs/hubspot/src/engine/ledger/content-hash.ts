import { createHash } from 'node:crypto';

export type PropertyValue = string | number | boolean | null;

/** HubSpot stores every value as a string; null clears a value (sent as ''). */
export function toHubspotValue(value: PropertyValue | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

/** Properties as HubSpot will store them: string values, keys sorted. */
export function normaliseProperties(
  properties: Record<string, PropertyValue | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(properties).sort()) out[key] = toHubspotValue(properties[key]);
  return out;
}

/** Stable hash of what one write sends (id property, id and properties), for the ledger's unchanged check. */
export function contentHash(
  idProperty: string,
  id: string,
  properties: Record<string, PropertyValue | undefined>,
): string {
  const body = JSON.stringify([idProperty, id, normaliseProperties(properties)]);
  return createHash('sha256').update(body).digest('hex');
}
