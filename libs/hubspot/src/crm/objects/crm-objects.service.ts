import { Injectable } from '@nestjs/common';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotBatchResponse, HubspotObject } from '../../http/hubspot-request.types';
import { DirectUpsertOptions, UpsertResult } from '../../engine/direct/direct-upsert.types';
import { SyncIntent } from '../../engine/intents/sync-intent.types';
import { normaliseProperties, PropertyValue } from '../../model/property-value';
import { readObject, ReadOptions } from '../shared/crm-read';
import { CrmCallOptions, CrmWriteOptions, PortalScoped, QueuedWriteOptions } from '../shared/portal-scoped';
import { QueuedIntent } from '../shared/queued-intent';
import { RecordUpserts } from '../shared/record-upserts';

/** A record of any object type, addressed by a unique property (its ledger key is the value). */
export interface ObjectIntent {
  /** A unique property of the object type (hasUniqueValue), used as batch/upsert idProperty. */
  idProperty: string;
  id: string;
  properties: Record<string, PropertyValue>;
}

/**
 * Any object type (tickets, custom objects by objectTypeId such as '2-1234') through the same queued,
 * per-portal batch/upsert path as contacts and companies, plus direct reads and writes by record id.
 */
@Injectable()
export class CrmObjectsService extends PortalScoped {
  constructor(
    private readonly upserts: RecordUpserts,
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
  ) {
    super();
  }

  /** Queued (merged per record); with `{ transaction }`, sent once the host's transaction committed. */
  async upsert(
    objectType: string,
    record: ObjectIntent,
    options: QueuedWriteOptions = {},
  ): Promise<QueuedIntent> {
    const intent = this.intent(objectType, record, await this.portal(options.portalId), options);
    return this.upserts.queue(intent, options.transaction);
  }

  async upsertNow(objectType: string, record: ObjectIntent, options: CrmWriteOptions = {}): Promise<string> {
    return this.upserts.now(this.intent(objectType, record, await this.portal(options.portalId), options));
  }

  async upsertMany(
    objectType: string,
    records: ObjectIntent[],
    options: CrmWriteOptions & DirectUpsertOptions = {},
  ): Promise<UpsertResult[]> {
    const portalId = await this.portal(options.portalId);
    return this.upserts.many(
      records.map((r) => this.intent(objectType, r, portalId, options)),
      options,
    );
  }

  /** Reads one record by HubSpot id, or by a unique property with `idProperty`. */
  async get(
    objectType: string,
    id: string,
    options: CrmCallOptions & ReadOptions & { idProperty?: string } = {},
  ): Promise<HubspotObject | null> {
    return readObject(this.http, this.paths, await this.portal(options.portalId), objectType, id, options);
  }

  /** batch/read in chunks of 100; ids HubSpot does not know are simply absent from the result. */
  async batchRead(
    objectType: string,
    ids: string[],
    options: CrmCallOptions & ReadOptions & { idProperty?: string } = {},
  ): Promise<HubspotObject[]> {
    const portalId = await this.portal(options.portalId);
    const out: HubspotObject[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      const res = await this.http.post<HubspotBatchResponse<HubspotObject>>(
        this.paths.batch(objectType, 'read'),
        {
          inputs: unique.slice(i, i + 100).map((id) => ({ id })),
          properties: options.properties ?? [],
          ...(options.idProperty ? { idProperty: options.idProperty } : {}),
        },
        { portalId },
      );
      out.push(...(res.data?.results ?? []));
    }
    return out;
  }

  /** PATCH one record by HubSpot id, now. */
  async update(
    objectType: string,
    hubspotId: string,
    properties: Record<string, PropertyValue>,
    options: CrmWriteOptions = {},
  ): Promise<HubspotObject> {
    const res = await this.http.patch<HubspotObject>(
      this.paths.object(objectType, hubspotId),
      { properties: normaliseProperties(properties) },
      { portalId: await this.portal(options.portalId), lane: options.lane ?? 'live' },
    );
    return res.data;
  }

  private intent(
    objectType: string,
    record: ObjectIntent,
    portalId: number,
    options: CrmWriteOptions,
  ): SyncIntent {
    return {
      portalId,
      objectType,
      idProperty: record.idProperty,
      id: record.id,
      localKey: record.id,
      properties: record.properties,
      lane: options.lane ?? 'live',
    };
  }
}
