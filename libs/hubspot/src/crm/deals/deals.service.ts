import { Injectable } from '@nestjs/common';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { PropertyValue } from '../../model/property-value';
import { SyncLedgerService } from '../../engine/ledger/sync-ledger.service';
import { AssociationsService } from '../associations/associations.service';
import { normaliseDomain } from '../../model/normalise-domain';
import { contactLocalKey } from '../../model/contact-identity';
import { ContactKey } from '../../model/contact-identity';
import { LineItemInput, LineItemsService } from '../line-items/line-items.service';
import { createOnce } from '../shared/create-once';
import { CrmWriteOptions, PortalScoped } from '../shared/portal-scoped';

/** An explicit sales event of the host (order paid, contract signed). */
export interface SaleEvent {
  /** The host's idempotency key (order id, invoice number): one deal per key, ever. */
  eventKey: string;
  /** dealname, amount, pipeline, dealstage, closedate, ... */
  properties: Record<string, PropertyValue>;
  /** The buyer; the deal is associated to it once it is in HubSpot. */
  contact?: ContactKey;
  companyDomain?: string;
  lineItems?: LineItemInput[];
}

export interface SaleResult {
  dealId: string;
  /** false when this event key was recorded before (nothing was created). */
  created: boolean;
  lineItemIds: string[];
}

/**
 * Deals are created only by explicit sales events, idempotent on the host's event key (kept in the ledger),
 * and associated to the buyer's contact and company (queued: waits until those are in HubSpot).
 */
@Injectable()
export class DealsService extends PortalScoped {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
    private readonly ledger: SyncLedgerService,
    private readonly associations: AssociationsService,
    private readonly lineItems: LineItemsService,
  ) {
    super();
  }

  async recordSale(sale: SaleEvent, options: CrmWriteOptions = {}): Promise<SaleResult> {
    const portalId = await this.portal(options.portalId);
    const lane = options.lane ?? 'live';
    const target = {
      http: this.http,
      paths: this.paths,
      ledger: this.ledger,
      portalId,
      objectType: 'deals',
      lane,
    };
    const [dealId, created] = await createOnce(target, sale.eventKey, sale.properties);
    const scoped = { portalId, lane };
    if (sale.contact !== undefined) {
      const toKey = contactLocalKey(sale.contact, this.config.sync.contactIdProperty);
      await this.associations.associate(
        { fromType: 'deals', fromKey: sale.eventKey, toType: 'contacts', toKey },
        scoped,
      );
    }
    if (sale.companyDomain) {
      const toKey = normaliseDomain(sale.companyDomain);
      await this.associations.associate(
        { fromType: 'deals', fromKey: sale.eventKey, toType: 'companies', toKey },
        scoped,
      );
    }
    const lineItemIds = sale.lineItems?.length
      ? await this.lineItems.createForDeal(sale.eventKey, dealId, sale.lineItems, scoped)
      : [];
    return { dealId, created, lineItemIds };
  }

  /** The deal recorded for an event key, if any. */
  async dealIdFor(eventKey: string, options: CrmWriteOptions = {}): Promise<string | null> {
    return this.ledger.hubspotId(await this.portal(options.portalId), 'deals', eventKey);
  }
}
