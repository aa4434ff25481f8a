import { isVersionSegment } from '../http/hubspot-paths';

/**
 * Turns a concrete HubSpot path into a low-cardinality label: record ids become ':id', tokens ':token',
 * property names ':name'. '/crm/objects/2026-09/contacts/123' -> '/crm/objects/2026-09/contacts/:id'.
 */
export function normaliseRoute(path: string): string {
  const segments = path.split('?')[0].split('/');
  return segments
    .map((segment, i) => {
      if (!segment) return segment;
      const previous = segments[i - 1];
      if (previous === 'access-tokens' || previous === 'refresh-tokens') return ':token';
      if (/^\d+$/.test(segment)) return ':id';
      if (isPropertyName(segments, i) && !/^(batch|groups)$/.test(segment)) return ':name';
      if (segment.length > 40 || /[^\w.-]/.test(segment)) return ':token';
      return segment;
    })
    .join('/');
}

/** `/crm/properties/{version}/{type}/{name}` (dated) or `/crm/{version}/properties/{type}/{name}` (legacy). */
function isPropertyName(segments: string[], i: number): boolean {
  const dated = segments[i - 3] === 'properties' && isVersionSegment(segments[i - 2]);
  const legacy = segments[i - 2] === 'properties' && isVersionSegment(segments[i - 3]);
  return dated || legacy;
}
