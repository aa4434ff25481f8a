import { Type } from '@nestjs/common';
import { HubspotWebhookEventEntity } from './webhooks/webhook-event.entity';

/** Every TypeORM entity of the module: add them to the host's DataSource (`entities: [...HUBSPOT_ENTITIES]`). */
export const HUBSPOT_ENTITIES: Type[] = [HubspotWebhookEventEntity];
