import { Injectable } from '@nestjs/common';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { PropertyValue } from '../../model/property-value';
import { SyncLedgerService } from '../../engine/ledger/sync-ledger.service';
import { AssociationsService } from '../associations/associations.service';
import { createOnce } from '../shared/create-once';
import { CrmWriteOptions, PortalScoped } from '../shared/portal-scoped';

export interface LineItemInput {
  /** The host's key of this line; default `<dealKey>#<index>`. */
  key?: string;
  /** name, quantity, price, hs_product_id, ... */
  properties: Record<string, PropertyValue>;
}

/** Line items of a sale: created once per host key and associated to their deal. */
@Injectable()
export class LineItemsService extends PortalScoped {
  constructor(
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
    private readonly ledger: SyncLedgerService,
    private readonly associations: AssociationsService,
  ) {
    super();
  }

  /** Creates the deal's line items (those not created before) and associates them to it; returns their ids. */
  async createForDeal(
    dealKey: string,
    dealId: string,
    items: LineItemInput[],
    options: CrmWriteOptions = {},
  ): Promise<string[]> {
    const portalId = await this.portal(options.portalId);
    const target = {
      http: this.http,
      paths: this.paths,
      ledger: this.ledger,
      portalId,
      objectType: 'line_items',
      lane: options.lane ?? 'live',
    };
    const ids: string[] = [];
    for (const [index, item] of items.entries()) {
      const [id] = await createOnce(target, item.key ?? `${dealKey}#${index}`, item.properties);
      ids.push(id);
    }
    if (ids.length) {
      const outcomes = await this.associations.associateManyIds(
        'line_items',
        'deals',
        ids.map((id) => ({ fromId: id, toId: dealId })),
        { portalId, lane: options.lane },
      );
      for (const outcome of outcomes) if (outcome.kind !== 'ok') throw outcome.error;
    }
    return ids;
  }
}
