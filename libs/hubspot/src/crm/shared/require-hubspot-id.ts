import { UpsertResult } from '../../engine/direct/direct-upsert.types';

/** The HubSpot id of a direct upsert, or the error HubSpot gave. */
export function requireHubspotId(result: UpsertResult): string {
  if (result.hubspotId && result.status !== 'failed') return result.hubspotId;
  throw result.error ?? new Error(`HubSpot returned no id for ${result.key}`);
}
