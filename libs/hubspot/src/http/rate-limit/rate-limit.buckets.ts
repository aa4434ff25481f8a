import { HubspotConfig } from '../../config/hubspot.config';
import { Bucket, HttpMethod } from '../hubspot-request.types';
import { isAssociationsPath, isSearchPath } from '../hubspot-paths';
import { BucketSpec } from './rate-limit.store';

/**
 * Calls are paced to at most 1/10 of the budget per 1/10 of the window (HubSpot's own "secondly"
 * figure is Max/10): a saturated window then frees slots evenly, not in bursts that another
 * integration on the portal races us for. Sustained throughput is unchanged.
 */
export const PACING_SLICES = 10;

/** Which budget a path spends: search (5/s, own bucket), associations (own budget), or the general one. */
export function bucketForPath(method: HttpMethod, path: string): Bucket {
  if (isSearchPath(method, path)) return 'search';
  return isAssociationsPath(path) ? 'associations' : 'default';
}

/**
 * The budget a bucket starts from before HubSpot's headers teach the real one. Search has no headers; nor
 * does the associations window when association calls also spend the general one (their headers describe
 * the general window then, so it keeps its configured size).
 */
export function bucketSpec(limits: HubspotConfig['limits'], bucket: Bucket): BucketSpec {
  if (bucket === 'search') {
    return { bucket, learned: false, max: limits.searchPerSecond, windowMs: 1_000, slices: 1 };
  }
  const associations = bucket === 'associations';
  const max = associations ? limits.associationsPerWindow : limits.maxPerWindow;
  const learned = !(associations && limits.associationsShareGeneralBudget);
  return { bucket, learned, max, windowMs: limits.windowMs, slices: PACING_SLICES };
}
