import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotObject, Lane } from '../../http/hubspot-request.types';
import { contentHash } from '../../engine/ledger/content-hash';
import { normaliseProperties, PropertyValue } from '../../model/property-value';
import { SyncLedgerService } from '../../engine/ledger/sync-ledger.service';

/** A claim older than this is from a call that died between claiming and creating: it may be taken over. */
const STALE_CLAIM_MS = 120_000;

export class CreateInProgressError extends Error {
  constructor(objectType: string, key: string) {
    super(`${objectType} '${key}' is being created by another call`);
    this.name = 'CreateInProgressError';
  }
}

export interface CreateOnceTarget {
  http: HubspotHttpClient;
  paths: HubspotPaths;
  ledger: SyncLedgerService;
  portalId: number;
  objectType: string;
  lane: Lane;
}

/**
 * Creates a record at most once per host key: the ledger row is claimed before the (non-idempotent) create,
 * and a repeat returns the id stored the first time. Returns [id, created].
 */
export async function createOnce(
  target: CreateOnceTarget,
  key: string,
  properties: Record<string, PropertyValue>,
): Promise<[string, boolean]> {
  const { http, paths, ledger, portalId, objectType, lane } = target;
  const existing = await ledger.find(portalId, objectType, key);
  if (existing?.hubspotId) return [existing.hubspotId, false];
  const claimed = await ledger.claim(portalId, objectType, key);
  if (!claimed) {
    const row = await ledger.find(portalId, objectType, key);
    if (row?.hubspotId) return [row.hubspotId, false];
    if (row && Date.now() - row.updatedAt.getTime() < STALE_CLAIM_MS)
      throw new CreateInProgressError(objectType, key);
  }
  try {
    const res = await http.post<HubspotObject>(
      paths.objects(objectType),
      { properties: normaliseProperties(properties) },
      { portalId, lane },
    );
    await ledger.record([
      {
        portalId,
        objectType,
        localKey: key,
        hubspotId: res.data.id,
        contentHash: contentHash('', key, properties),
      },
    ]);
    return [res.data.id, true];
  } catch (err) {
    await ledger.releaseClaim(portalId, objectType, key);
    throw err;
  }
}
