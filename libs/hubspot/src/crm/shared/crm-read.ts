import { HubspotNotFoundError } from '../../errors';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotObject } from '../../http/hubspot-request.types';

export interface ReadOptions {
  /** Properties to return (HubSpot returns a small default set otherwise). */
  properties?: string[];
}

/** GET one record by id or by a unique property; null when HubSpot has no such record. */
export async function readObject(
  http: HubspotHttpClient,
  paths: HubspotPaths,
  portalId: number,
  objectType: string,
  id: string,
  options: ReadOptions & { idProperty?: string } = {},
): Promise<HubspotObject | null> {
  try {
    const res = await http.get<HubspotObject>(paths.object(objectType, id), {
      portalId,
      query: {
        idProperty: options.idProperty,
        properties: options.properties?.length ? options.properties.join(',') : undefined,
      },
    });
    return res.data;
  } catch (err) {
    if (err instanceof HubspotNotFoundError) return null;
    throw err;
  }
}
