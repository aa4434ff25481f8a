import { Injectable } from '@nestjs/common';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { SyncLedgerService } from '../../engine/ledger/sync-ledger.service';
import { contactLocalKey } from '../../model/contact-identity';
import { ContactKey } from '../../model/contact-identity';
import { CrmCallOptions, CrmWriteOptions, PortalScoped } from '../shared/portal-scoped';

/** HubSpot's answer (its own spelling: `recordsIdsAdded`). */
export interface MembershipChange {
  recordsIdsAdded?: string[];
  recordIdsRemoved?: string[];
  recordIdsMissing?: string[];
  /** Keys given to addContacts/removeContacts that are not in HubSpot (the ledger) yet. */
  unknownKeys?: string[];
}

const CHUNK = 1000;

/** Static (MANUAL) list membership: add and remove records, by HubSpot id or by contact key. */
@Injectable()
export class ListsService extends PortalScoped {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
    private readonly ledger: SyncLedgerService,
  ) {
    super();
  }

  /** Creates a static (MANUAL) list; objectTypeId '0-1' = contacts. Returns its id. */
  async createStatic(name: string, objectTypeId = '0-1', options: CrmCallOptions = {}): Promise<string> {
    const res = await this.http.post<{ list: { listId: string | number } }>(
      this.paths.lists(),
      { name, objectTypeId, processingType: 'MANUAL' },
      { portalId: await this.portal(options.portalId) },
    );
    return String(res.data.list.listId);
  }

  add(listId: string, recordIds: string[], options: CrmWriteOptions = {}): Promise<MembershipChange> {
    return this.change(listId, 'add', recordIds, options);
  }

  remove(listId: string, recordIds: string[], options: CrmWriteOptions = {}): Promise<MembershipChange> {
    return this.change(listId, 'remove', recordIds, options);
  }

  /** Adds contacts known by email / user id; keys not yet in HubSpot come back in `unknownKeys`. */
  addContacts(listId: string, keys: ContactKey[], options: CrmWriteOptions = {}): Promise<MembershipChange> {
    return this.changeContacts(listId, 'add', keys, options);
  }

  removeContacts(
    listId: string,
    keys: ContactKey[],
    options: CrmWriteOptions = {},
  ): Promise<MembershipChange> {
    return this.changeContacts(listId, 'remove', keys, options);
  }

  private async changeContacts(
    listId: string,
    op: 'add' | 'remove',
    keys: ContactKey[],
    options: CrmWriteOptions,
  ): Promise<MembershipChange> {
    const [ids, unknownKeys] = await this.resolve(keys, options);
    return { ...(await this.change(listId, op, ids, options)), unknownKeys };
  }

  private async change(
    listId: string,
    op: 'add' | 'remove',
    recordIds: string[],
    options: CrmWriteOptions,
  ): Promise<MembershipChange> {
    const portalId = await this.portal(options.portalId);
    const total: MembershipChange = { recordsIdsAdded: [], recordIdsRemoved: [], recordIdsMissing: [] };
    const unique = [...new Set(recordIds)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const res = await this.http.put<MembershipChange>(
        this.paths.listMemberships(listId, op),
        unique.slice(i, i + CHUNK),
        { portalId, lane: options.lane ?? 'live' },
      );
      total.recordsIdsAdded!.push(...(res.data?.recordsIdsAdded ?? []).map(String));
      total.recordIdsRemoved!.push(...(res.data?.recordIdsRemoved ?? []).map(String));
      total.recordIdsMissing!.push(...(res.data?.recordIdsMissing ?? []).map(String));
    }
    return total;
  }

  private async resolve(keys: ContactKey[], options: CrmWriteOptions): Promise<[string[], string[]]> {
    const portalId = await this.portal(options.portalId);
    const localKeys = keys.map((k) => contactLocalKey(k, this.config.sync.contactIdProperty));
    const rows = await this.ledger.findMany(portalId, 'contacts', localKeys);
    const ids: string[] = [];
    const unknown: string[] = [];
    for (const key of localKeys) {
      const id = rows.get(key)?.hubspotId;
      if (id) ids.push(id);
      else unknown.push(key);
    }
    return [ids, unknown];
  }
}
