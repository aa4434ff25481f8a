import { Injectable } from '@nestjs/common';
import { HubspotObject } from '../../http/hubspot-request.types';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { SyncLedgerService } from '../../engine/ledger/sync-ledger.service';
import { AssociationsService } from '../associations/associations.service';
import { contactLocalKey } from '../../model/contact-identity';
import { ContactKey } from '../../model/contact-identity';
import { CrmObjectsService } from '../objects/crm-objects.service';
import { CrmCallOptions, PortalScoped } from '../shared/portal-scoped';

export type EngagementType = 'notes' | 'emails' | 'calls' | 'meetings' | 'tasks';

const DEFAULT_PROPERTIES: Record<EngagementType, string[]> = {
  notes: ['hs_timestamp', 'hs_note_body', 'hubspot_owner_id'],
  emails: ['hs_timestamp', 'hs_email_direction', 'hs_email_status', 'hs_email_subject', 'hs_email_text'],
  calls: ['hs_timestamp', 'hs_call_title', 'hs_call_body', 'hs_call_duration', 'hs_call_status'],
  meetings: [
    'hs_timestamp',
    'hs_meeting_title',
    'hs_meeting_body',
    'hs_meeting_start_time',
    'hs_meeting_end_time',
  ],
  tasks: ['hs_timestamp', 'hs_task_subject', 'hs_task_body', 'hs_task_status'],
};

export interface EngagementQuery extends CrmCallOptions {
  properties?: string[];
}

/**
 * HubSpot-native activity pulled back for the host's reporting: a contact's notes and emails (or calls,
 * meetings, tasks) through associations v4 + batch/read, newest first.
 */
@Injectable()
export class EngagementsService extends PortalScoped {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly ledger: SyncLedgerService,
    private readonly associations: AssociationsService,
    private readonly objects: CrmObjectsService,
  ) {
    super();
  }

  notes(
    contact: ContactKey | { hubspotId: string },
    options: EngagementQuery = {},
  ): Promise<HubspotObject[]> {
    return this.forContact('notes', contact, options);
  }

  emails(
    contact: ContactKey | { hubspotId: string },
    options: EngagementQuery = {},
  ): Promise<HubspotObject[]> {
    return this.forContact('emails', contact, options);
  }

  /** Engagements of one type associated with a contact (by key via the ledger, or by HubSpot id). */
  async forContact(
    type: EngagementType,
    contact: ContactKey | { hubspotId: string },
    options: EngagementQuery = {},
  ): Promise<HubspotObject[]> {
    const portalId = await this.portal(options.portalId);
    const contactId =
      typeof contact === 'object' && 'hubspotId' in contact
        ? contact.hubspotId
        : await this.ledger.hubspotId(
            portalId,
            'contacts',
            contactLocalKey(contact, this.config.sync.contactIdProperty),
          );
    if (!contactId) return [];
    const links = await this.associations.list('contacts', contactId, type, { portalId });
    if (!links.length) return [];
    const records = await this.objects.batchRead(
      type,
      links.map((l) => l.toObjectId),
      {
        portalId,
        properties: options.properties ?? DEFAULT_PROPERTIES[type],
      },
    );
    return records.sort((a, b) => timestamp(b) - timestamp(a));
  }
}

function timestamp(record: HubspotObject): number {
  const value = record.properties?.hs_timestamp ?? record.createdAt;
  const n = Number(value);
  return Number.isFinite(n) ? n : Date.parse(value ?? '') || 0;
}
