import { Type } from '@nestjs/common';
import { HubspotOAuthToken } from './auth/oauth/hubspot-oauth-token.entity';
import { HubspotGdprAudit } from './crm/gdpr/hubspot-gdpr-audit.entity';
import { HubspotDeadLetter } from './engine/dead-letters/hubspot-dead-letter.entity';
import { HubspotObjectMap } from './engine/ledger/hubspot-object-map.entity';
import { HubspotOutbox } from './engine/outbox/hubspot-outbox.entity';
import { HubspotSyncRun } from './runs/hubspot-sync-run.entity';
import { HubspotWebhookEventEntity } from './webhooks/webhook-event.entity';

/** Every TypeORM entity of the module: add them to the host's DataSource (`entities: [...HUBSPOT_ENTITIES]`). */
export const HUBSPOT_ENTITIES: Type[] = [
  HubspotOAuthToken,
  HubspotObjectMap,
  HubspotDeadLetter,
  HubspotGdprAudit,
  HubspotWebhookEventEntity,
  HubspotSyncRun,
  HubspotOutbox,
];
