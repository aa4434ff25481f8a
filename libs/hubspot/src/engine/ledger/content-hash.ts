import { createHash } from 'node:crypto';
import { normaliseProperties, PropertyValue } from '../../model/property-value';

/** Stable hash of what one write sends (id property, id and properties), for the ledger's unchanged check. */
export function contentHash(
  idProperty: string,
  id: string,
  properties: Record<string, PropertyValue | undefined>,
): string {
  const body = JSON.stringify([idProperty, id, normaliseProperties(properties)]);
  return createHash('sha256').update(body).digest('hex');
}
