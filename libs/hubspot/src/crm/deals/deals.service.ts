import { InjectQueue } from '@nestjs/bull';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bull';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotConfig } from '../../config/hubspot.config';
import { SALES_QUEUE } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { DeadLettersService } from '../../engine/dead-letters/dead-letters.service';
import { SyncLedgerService } from '../../engine/ledger/sync-ledger.service';
import { OutboxRelay } from '../../engine/outbox/outbox.relay';
import { OutboxRecord, OutboxTransaction } from '../../engine/outbox/outbox.types';
import { OutboxWriter } from '../../engine/outbox/outbox.writer';
import { AssociationsService } from '../associations/associations.service';
import { normaliseDomain } from '../../model/normalise-domain';
import { contactLocalKey } from '../../model/contact-identity';
import { LineItemsService } from '../line-items/line-items.service';
import { createOnce } from '../shared/create-once';
import { CrmWriteOptions, PortalScoped, QueuedWriteOptions } from '../shared/portal-scoped';
import { QueuedSale, SALE_JOB_NAME, SaleEvent, SaleJobData, SaleResult } from './deal.types';

/**
 * Deals are created only by explicit sales events, idempotent on the host's event key (kept in the ledger),
 * and associated to the buyer's contact and company (queued: waits until those are in HubSpot). With the
 * host's transaction the sale goes through the outbox and a job on the sales queue (SaleWorker) makes it.
 */
@Injectable()
export class DealsService extends PortalScoped implements OnModuleInit {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    @InjectQueue(SALES_QUEUE) private readonly sales: Queue<SaleJobData>,
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
    private readonly ledger: SyncLedgerService,
    private readonly associations: AssociationsService,
    private readonly lineItems: LineItemsService,
    private readonly deadLetters: DeadLettersService,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.deadLetters.registerReplayer('sale', async (payload, deadLetterId) => {
      await this.enqueue(
        { ...(payload as unknown as SaleJobData), deadLetterIds: [deadLetterId] },
        `:r${deadLetterId}`,
      );
    });
    this.relay.register('sale', async (records) => {
      await Promise.all(records.map((record) => this.relayed(record)));
    });
  }

  /** Written in the host's transaction: the deal is made (once) after it committed. */
  recordSale(
    sale: SaleEvent,
    options: QueuedWriteOptions & { transaction: OutboxTransaction },
  ): Promise<QueuedSale>;
  /** Creates the deal now (or returns the one made for this event key before). */
  recordSale(sale: SaleEvent, options?: CrmWriteOptions & { transaction?: undefined }): Promise<SaleResult>;
  recordSale(sale: SaleEvent, options?: QueuedWriteOptions): Promise<SaleResult | QueuedSale>;
  async recordSale(sale: SaleEvent, options: QueuedWriteOptions = {}): Promise<SaleResult | QueuedSale> {
    const portalId = await this.portal(options.portalId);
    const lane = options.lane ?? 'live';
    if (options.transaction) {
      const payload: SaleJobData = { portalId, lane, sale };
      const outboxId = await this.outbox.write(options.transaction, {
        kind: 'sale',
        portalId,
        objectType: 'deals',
        localKey: sale.eventKey,
        payload,
      });
      return { eventKey: sale.eventKey, outboxId };
    }
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

  /** A sale is fixed by its event key: the first row written for it is the one made. */
  private async relayed(record: OutboxRecord): Promise<void> {
    const ids = record.rows.map((row) => row.id);
    const first = record.rows[0].payload as SaleJobData;
    await this.enqueue({ ...first, outboxIds: ids }, `:o${Math.max(...ids)}`);
  }

  private async enqueue(data: SaleJobData, suffix: string): Promise<void> {
    await this.sales.add(SALE_JOB_NAME, data, {
      jobId: `${data.portalId}:sale:${data.sale.eventKey}${suffix}`,
      attempts: this.config.sync.maxAttempts,
      backoff: { type: 'exponential', delay: this.config.sync.retryDelayMs },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }
}
