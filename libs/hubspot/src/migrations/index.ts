import { MigrationInterface } from 'typeorm';
import { CreateHubspotWebhookEvents1796005933493 } from './1796005933493-CreateHubspotWebhookEvents';

/** Every migration of the module, in order: add them to the host's DataSource (`migrations: [...HUBSPOT_MIGRATIONS]`). */
export const HUBSPOT_MIGRATIONS: Array<new () => MigrationInterface> = [
  CreateHubspotWebhookEvents1796005933493,
];
