/**
 * Turns a concrete HubSpot path into a low-cardinality label: record ids become ':id', tokens ':token',
 * property names ':name'. '/crm/v3/objects/contacts/123' -> '/crm/v3/objects/contacts/:id'.
 */
export function normaliseRoute(path: string): string {
  const segments = path.split('?')[0].split('/');
  return segments
    .map((segment, i) => {
      if (!segment) return segment;
      const previous = segments[i - 1];
      if (previous === 'access-tokens' || previous === 'refresh-tokens') return ':token';
      if (/^\d+$/.test(segment)) return ':id';
      if (segments[i - 2] === 'properties' && !/^(batch|groups)$/.test(segment)) return ':name';
      if (segment.length > 40 || /[^\w.-]/.test(segment)) return ':token';
      return segment;
    })
    .join('/');
}
