/** The module's dated paths, or the legacy ones the official client (@hubspot/api-client) calls. */
export type PathStyle = 'dated' | 'legacy';

export interface Paths {
  objects(type: string): string;
  /** Per-record associations: `.../{from}/{id}/associations` */
  recordAssociations(from: string, id: string): string;
  /** Batch and labels: `.../associations/{from}/{to}` */
  associations(from: string, to: string): string;
  lists(): string;
  properties(type: string): string;
  owners(): string;
  pipelines(type: string): string;
}

export function pathsFor(style: PathStyle | 'any', version: string): Paths {
  if (style === 'dated') {
    return {
      objects: (type) => `/crm/objects/${version}/${type}`,
      recordAssociations: (from, id) => `/crm/objects/${version}/${from}/${id}/associations`,
      associations: (from, to) => `/crm/associations/${version}/${from}/${to}`,
      lists: () => `/crm/lists/${version}`,
      properties: (type) => `/crm/properties/${version}/${type}`,
      owners: () => `/crm/owners/${version}`,
      pipelines: (type) => `/crm/pipelines/${version}/${type}`,
    };
  }
  return {
    objects: (type) => `/crm/v3/objects/${type}`,
    recordAssociations: (from, id) => `/crm/v4/objects/${from}/${id}/associations`,
    associations: (from, to) => `/crm/v4/associations/${from}/${to}`,
    lists: () => '/crm/v3/lists',
    properties: (type) => `/crm/v3/properties/${type}`,
    owners: () => '/crm/v3/owners',
    pipelines: (type) => `/crm/v3/pipelines/${type}`,
  };
}
