import { Injectable } from '@nestjs/common';
import { HubspotObject } from '../../http/hubspot-request.types';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { DirectUpsertOptions, UpsertResult } from '../../engine/direct/direct-upsert.types';
import { SyncIntent } from '../../engine/intents/sync-intent.types';
import { PropertyValue } from '../../model/property-value';
import { GdprEraseOptions, GdprService } from '../gdpr/gdpr.service';
import { HubspotGdprAudit } from '../gdpr/hubspot-gdpr-audit.entity';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { readObject, ReadOptions } from '../shared/crm-read';
import { CrmCallOptions, CrmWriteOptions, PortalScoped, QueuedWriteOptions } from '../shared/portal-scoped';
import { QueuedIntent } from '../shared/queued-intent';
import { contactIdentity } from '../../model/contact-identity';
import { contactIntent } from './contact-intent';
import { ContactIntent } from './contact.types';
import { ContactKey } from '../../model/contact-identity';
import { RecordUpserts } from '../shared/record-upserts';
import { AssociationsService } from '../associations/associations.service';
import { SyncSourcesRegistry } from '../sources/sync-sources.registry';

/**
 * Contacts for the host's user lifecycle. `upsert` (signup, profile change, upgrade) and `markChurned` return
 * once the intent is durably queued (or written to the outbox in the host's transaction); the dispatcher sends
 * each portal's queued records as batch/upsert calls. Contacts are never deleted: churn is a property change,
 * and GDPR erasure is the separate, audited `gdprErase`.
 */
@Injectable()
export class ContactsService extends PortalScoped {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly upserts: RecordUpserts,
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
    private readonly gdpr: GdprService,
    private readonly sources: SyncSourcesRegistry,
    private readonly associations: AssociationsService,
  ) {
    super();
  }

  /**
   * Queues a host record through the same mapping backfill and reconciliation use: the `@HubspotContactSource()`
   * provider's `toContact`. The contact's `companyDomains` are associated (HubSpot's default type) once both
   * sides exist; upsert those companies with `companies.upsertRecord`.
   */
  async upsertRecord<T>(record: T, options: QueuedWriteOptions = {}): Promise<QueuedIntent> {
    const { email, userId, properties, companyDomains } = this.sources.contacts().toContact(record);
    const portalId = await this.portal(options.portalId);
    const queued = await this.upsert({ email, userId, properties }, { ...options, portalId });
    for (const domain of companyDomains ?? []) {
      await this.associations.contactToCompany({ email, userId }, domain, { ...options, portalId });
    }
    return queued;
  }

  /**
   * Queues the contact's new state; repeated intents for one contact merge until sent. With
   * `{ transaction }` it is written in the host's transaction and sent once that commits.
   */
  async upsert(contact: ContactIntent, options: QueuedWriteOptions = {}): Promise<QueuedIntent> {
    return this.upserts.queue(await this.intent(contact, options), options.transaction);
  }

  /** Sends now (bypassing the queue) and returns the HubSpot id; throws the HubspotError if HubSpot refuses. */
  async upsertNow(contact: ContactIntent, options: CrmWriteOptions = {}): Promise<string> {
    return this.upserts.now(await this.intent(contact, options));
  }

  /** Direct batched path (backfill, imports): one result per contact, in order; never throws HubSpot errors. */
  async upsertMany(
    contacts: ContactIntent[],
    options: CrmWriteOptions & DirectUpsertOptions = {},
  ): Promise<UpsertResult[]> {
    const portalId = await this.portal(options.portalId);
    return this.upserts.many(
      contacts.map((c) => this.intentFor(c, portalId, options)),
      options,
    );
  }

  /** Churn is a property change (`churned`, `churn_date`), never a deletion. */
  markChurned(
    key: ContactKey,
    at: Date = new Date(),
    options: QueuedWriteOptions = {},
  ): Promise<QueuedIntent> {
    return this.setProperties(
      key,
      {
        [this.config.sync.churnedProperty]: true,
        [this.config.sync.churnDateProperty]: dateOnly(at),
      },
      options,
    );
  }

  /** Undoes a churn (the user came back). */
  markActive(key: ContactKey, options: QueuedWriteOptions = {}): Promise<QueuedIntent> {
    return this.setProperties(
      key,
      {
        [this.config.sync.churnedProperty]: false,
        [this.config.sync.churnDateProperty]: null,
      },
      options,
    );
  }

  /**
   * Fires a HubSpot workflow whose enrolment trigger is "property `property` changed / is known": sets it to
   * `value` (default: now in epoch ms, so every call is a change). See docs/WORKFLOWS.md in this package.
   */
  triggerWorkflow(
    key: ContactKey,
    property: string,
    value: PropertyValue = Date.now(),
    options: QueuedWriteOptions = {},
  ): Promise<QueuedIntent> {
    return this.setProperties(key, { [property]: value }, options);
  }

  /** Queues a partial update of one contact's properties. */
  setProperties(
    key: ContactKey,
    properties: Record<string, PropertyValue>,
    options: QueuedWriteOptions = {},
  ): Promise<QueuedIntent> {
    const identity = typeof key === 'string' ? (key.includes('@') ? { email: key } : { userId: key }) : key;
    return this.upsert({ ...identity, properties }, options);
  }

  getByEmail(email: string, options: CrmCallOptions & ReadOptions = {}): Promise<HubspotObject | null> {
    return this.get({ email }, options);
  }

  /** Reads a contact by email or user id; null when HubSpot has none. */
  async get(key: ContactKey, options: CrmCallOptions & ReadOptions = {}): Promise<HubspotObject | null> {
    const identity = contactIdentity(key, this.config.sync.contactIdProperty);
    return readObject(this.http, this.paths, await this.portal(options.portalId), 'contacts', identity.id, {
      ...options,
      idProperty: identity.idProperty,
    });
  }

  /** GDPR erasure (explicit and audited): the contact and its history are permanently deleted in HubSpot. */
  async gdprErase(
    key: ContactKey,
    options: CrmCallOptions & GdprEraseOptions = {},
  ): Promise<HubspotGdprAudit> {
    const identity = contactIdentity(key, this.config.sync.contactIdProperty);
    return this.gdpr.eraseContact(await this.portal(options.portalId), identity, options);
  }

  private async intent(contact: ContactIntent, options: CrmWriteOptions): Promise<SyncIntent> {
    return this.intentFor(contact, await this.portal(options.portalId), options);
  }

  private intentFor(contact: ContactIntent, portalId: number, options: CrmWriteOptions): SyncIntent {
    const intent = contactIntent(contact, portalId, this.config.sync.contactIdProperty);
    return { ...intent, lane: options.lane ?? 'live' };
  }
}

/** HubSpot date properties take YYYY-MM-DD (midnight UTC). */
function dateOnly(at: Date): string {
  return at.toISOString().slice(0, 10);
}
