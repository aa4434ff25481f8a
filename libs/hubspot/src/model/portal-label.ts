/** How messages name a portal: by id, or plainly "HubSpot" for a private app whose portal id is not configured (0). */
export function portalLabel(portalId: number): string {
  return portalId ? `HubSpot portal ${portalId}` : 'HubSpot';
}
