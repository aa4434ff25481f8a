import { Injectable, OnModuleInit } from '@nestjs/common';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { RowOutcome } from '../../engine/batch/batch-row.types';
import { DeadLettersService } from '../../engine/dead-letters/dead-letters.service';
import { DispatchQueue } from '../../engine/dispatch/dispatch.queue';
import { DEAD_LETTER_MARK, markIds, OUTBOX_MARK } from '../../engine/dispatch/record-marks';
import { SyncLedgerService } from '../../engine/ledger/sync-ledger.service';
import { OutboxRelay } from '../../engine/outbox/outbox.relay';
import { OutboxRecord } from '../../engine/outbox/outbox.types';
import { OutboxWriter } from '../../engine/outbox/outbox.writer';
import { normaliseDomain } from '../../model/normalise-domain';
import { contactLocalKey } from '../../model/contact-identity';
import { ContactKey } from '../../model/contact-identity';
import { CrmCallOptions, CrmWriteOptions, PortalScoped, QueuedWriteOptions } from '../shared/portal-scoped';
import { AssociationBatchClient } from './association-batch.client';
import {
  ASSOCIATION_TYPES,
  associationLedgerType,
  AssociationSpec,
  AssociationType,
  AssociationIntent,
  IdPair,
  QueuedAssociation,
} from './association.types';

export interface AssociationLink {
  toObjectId: string;
  associationTypes: Array<{ category: string; typeId: number; label?: string | null }>;
}

/**
 * Associations, default and labelled, single and batch; idempotent (HubSpot's PUT is, and the ledger
 * remembers what was made). `associate` takes ledger keys and is queued in the portal's dispatch queue: it
 * waits (retried with backoff) until both records are in HubSpot, then goes out in a batch with others. With
 * the host's transaction it goes through the outbox first.
 */
@Injectable()
export class AssociationsService extends PortalScoped implements OnModuleInit {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly dispatch: DispatchQueue,
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
    private readonly batch: AssociationBatchClient,
    private readonly ledger: SyncLedgerService,
    private readonly deadLetters: DeadLettersService,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.deadLetters.registerReplayer('associate', async (payload, deadLetterId) => {
      await this.enqueue({ ...(payload as unknown as AssociationIntent), deadLetterIds: [deadLetterId] });
    });
    this.relay.register('associate', async (records) => {
      await Promise.all(records.map((record) => this.relayed(record)));
    });
  }

  /**
   * Queues an association between two records known by their ledger keys; `jobId` is its id in the queue.
   * With `transaction` it is written to the outbox and queued once that transaction committed.
   */
  async associate(spec: AssociationSpec, options: QueuedWriteOptions = {}): Promise<QueuedAssociation> {
    const portalId = await this.portal(options.portalId);
    const data: AssociationIntent = { ...spec, portalId, lane: options.lane ?? 'live' };
    if (!options.transaction) return this.enqueue(data);
    const outboxId = await this.outbox.write(options.transaction, {
      kind: 'associate',
      portalId,
      objectType: associationLedgerType(spec.fromType, spec.toType, spec.types),
      localKey: `${spec.fromKey}->${spec.toKey}`,
      payload: data,
    });
    return { jobId: null, outboxId };
  }

  /** The upgrade case: contact -> company (default association, or HubSpot's primary label). */
  contactToCompany(
    contact: ContactKey,
    domain: string,
    options: QueuedWriteOptions & { primary?: boolean } = {},
  ): Promise<QueuedAssociation> {
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
    const opts = { portalId, lane: options.lane ?? 'live' };
    if (options.types?.length) {
      await this.http.put(this.paths.recordAssociation(fromType, fromId, toType, toId), options.types, opts);
    } else {
      await this.http.put(this.paths.defaultAssociation(fromType, fromId, toType, toId), undefined, opts);
    }
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
    await this.http.delete(this.paths.recordAssociation(fromType, fromId, toType, toId), { portalId });
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
        this.paths.recordAssociations(fromType, fromId, toType),
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

  /** One pair's outbox rows, merged into the pair's record in its portal's queue (settled when it is done). */
  private async relayed(record: OutboxRecord): Promise<void> {
    const ids = record.rows.map((row) => row.id);
    const newest = record.rows[record.rows.length - 1].payload as AssociationIntent;
    await this.enqueue({ ...newest, outboxIds: ids });
  }

  private async enqueue(queued: AssociationIntent): Promise<{ jobId: string }> {
    const { deadLetterIds, outboxIds, ...data } = queued;
    const label = associationLedgerType(data.fromType, data.toType, data.types);
    const fields: Record<string, string> = {
      'm:data': JSON.stringify(data),
      ...markIds(DEAD_LETTER_MARK, deadLetterIds),
      ...markIds(OUTBOX_MARK, outboxIds),
    };
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
