import { Injectable, OnModuleInit } from '@nestjs/common';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { RowOutcome } from '../../engine/batch/batch-row.types';
import { DeadLettersService } from '../../engine/dead-letters/dead-letters.service';
import { DispatchQueue } from '../../engine/dispatch/dispatch.queue';
import { SyncLedgerService } from '../../engine/ledger/sync-ledger.service';
import { normaliseDomain } from '../../model/normalise-domain';
import { contactLocalKey } from '../../model/contact-identity';
import { ContactKey } from '../../model/contact-identity';
import { CrmCallOptions, CrmWriteOptions, PortalScoped } from '../shared/portal-scoped';
import { AssociationBatchClient } from './association-batch.client';
import {
  ASSOCIATION_TYPES,
  associationLedgerType,
  AssociationSpec,
  AssociationType,
  IdPair,
  QueuedAssociation,
} from './association.types';

export interface AssociationLink {
  toObjectId: string;
  associationTypes: Array<{ category: string; typeId: number; label?: string | null }>;
}

/**
 * v4 associations, default and labelled, single and batch; idempotent (HubSpot's PUT is, and the ledger
 * remembers what was made). `associate` takes ledger keys and is queued in the portal's dispatch queue: it
 * waits (retried with backoff) until both records are in HubSpot, then goes out in a batch with others.
 */
@Injectable()
export class AssociationsService extends PortalScoped implements OnModuleInit {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly dispatch: DispatchQueue,
    private readonly http: HubspotHttpClient,
    private readonly batch: AssociationBatchClient,
    private readonly ledger: SyncLedgerService,
    private readonly deadLetters: DeadLettersService,
  ) {
    super();
  }

  onModuleInit(): void {
    this.deadLetters.registerReplayer('associate', async (payload, deadLetterId) => {
      await this.enqueue({ ...(payload as unknown as QueuedAssociation), deadLetterIds: [deadLetterId] });
    });
  }

  /** Queues an association between two records known by their ledger keys; `jobId` is its id in the queue. */
  async associate(spec: AssociationSpec, options: CrmWriteOptions = {}): Promise<{ jobId: string }> {
    const portalId = await this.portal(options.portalId);
    return this.enqueue({ ...spec, portalId, lane: options.lane ?? 'live' });
  }

  /** The upgrade case: contact -> company (default association, or HubSpot's primary label). */
  contactToCompany(
    contact: ContactKey,
    domain: string,
    options: CrmWriteOptions & { primary?: boolean } = {},
  ): Promise<{ jobId: string }> {
    return this.associate(
      {
        fromType: 'contacts',
        fromKey: contactLocalKey(contact, this.config.sync.contactIdProperty),
        toType: 'companies',
        toKey: normaliseDomain(domain),
        types: options.primary ? [ASSOCIATION_TYPES.contactToCompanyPrimary] : undefined,
      },
      options,
    );
  }

  /** One association by HubSpot ids, now (PUT default, or PUT with labels). */
  async associateIds(
    fromType: string,
    fromId: string,
    toType: string,
    toId: string,
    options: CrmWriteOptions & { types?: AssociationType[] } = {},
  ): Promise<void> {
    const portalId = await this.portal(options.portalId);
    const base = `/crm/v4/objects/${fromType}/${fromId}/associations`;
    const opts = { portalId, lane: options.lane ?? 'live' };
    if (options.types?.length) await this.http.put(`${base}/${toType}/${toId}`, options.types, opts);
    else await this.http.put(`${base}/default/${toType}/${toId}`, undefined, opts);
    await this.remember(portalId, fromType, toType, options.types, [{ fromId, toId }]);
  }

  /** Many associations by HubSpot ids in batches of 100; one outcome per pair, in order. */
  async associateManyIds(
    fromType: string,
    toType: string,
    pairs: IdPair[],
    options: CrmWriteOptions & { types?: AssociationType[] } = {},
  ): Promise<RowOutcome[]> {
    const portalId = await this.portal(options.portalId);
    const target = { portalId, fromType, toType, types: options.types, lane: options.lane ?? 'live' };
    const outcomes = await this.batch.associate(target, pairs);
    await this.remember(
      portalId,
      fromType,
      toType,
      options.types,
      pairs.filter((_, i) => outcomes[i].kind === 'ok'),
    );
    return outcomes;
  }

  /** Removes every association between two records. */
  async removeIds(
    fromType: string,
    fromId: string,
    toType: string,
    toId: string,
    options: CrmCallOptions = {},
  ) {
    const portalId = await this.portal(options.portalId);
    await this.http.delete(`/crm/v4/objects/${fromType}/${fromId}/associations/${toType}/${toId}`, {
      portalId,
    });
    const keys = [`${fromId}:${toId}`];
    await this.ledger.forget(portalId, associationLedgerType(fromType, toType), keys);
  }

  /** Records of `toType` associated with one record (all pages). */
  async list(
    fromType: string,
    fromId: string,
    toType: string,
    options: CrmCallOptions = {},
  ): Promise<AssociationLink[]> {
    const portalId = await this.portal(options.portalId);
    const links: AssociationLink[] = [];
    let after: string | undefined;
    do {
      const res = await this.http.get<{ results: AssociationLink[]; paging?: { next?: { after?: string } } }>(
        `/crm/v4/objects/${fromType}/${fromId}/associations/${toType}`,
        { portalId, query: { limit: 500, after } },
      );
      links.push(...(res.data.results ?? []).map((l) => ({ ...l, toObjectId: String(l.toObjectId) })));
      after = res.data.paging?.next?.after;
    } while (after);
    return links;
  }

  /** Marks pairs as associated in the ledger, so queued repeats are not sent again. */
  async remember(
    portalId: number,
    fromType: string,
    toType: string,
    types: AssociationType[] | undefined,
    pairs: IdPair[],
  ) {
    const objectType = associationLedgerType(fromType, toType, types);
    await this.ledger.record(
      pairs.map((p) => ({
        portalId,
        objectType,
        localKey: `${p.fromId}:${p.toId}`,
        hubspotId: p.toId,
        contentHash: null,
      })),
    );
  }

  private async enqueue(queued: QueuedAssociation): Promise<{ jobId: string }> {
    const { deadLetterIds, ...data } = queued;
    const label = associationLedgerType(data.fromType, data.toType, data.types);
    const fields: Record<string, string> = { 'm:data': JSON.stringify(data) };
    for (const id of deadLetterIds ?? []) fields[`m:dl:${id}`] = '1';
    await this.dispatch.enqueue({
      portalId: data.portalId,
      kind: 'associate',
      key: `${label}|${data.fromKey}|${data.toKey}`,
      lane: data.lane,
      fields,
    });
    return { jobId: `${data.portalId}:${label}:${data.fromKey}:${data.toKey}` };
  }
}
