/** A property value as the host gives it; HubSpot stores every value as a string. */
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
