import { MigrationInterface } from 'typeorm';
import { CreateHubspotOauthTokens1750000000700 } from './1750000000700-CreateHubspotOauthTokens';
import { CreateHubspotObjectMap1764470000100 } from './1764470000100-CreateHubspotObjectMap';
import { CreateHubspotDeadLetters1764470000200 } from './1764470000200-CreateHubspotDeadLetters';
import { CreateHubspotGdprAudit1764470000300 } from './1764470000300-CreateHubspotGdprAudit';
import { CreateHubspotSyncRuns1796005868853 } from './1796005868853-CreateHubspotSyncRuns';
import { CreateHubspotWebhookEvents1796005933493 } from './1796005933493-CreateHubspotWebhookEvents';
import { CreateHubspotOutbox1796100000000 } from './1796100000000-CreateHubspotOutbox';

/** Every migration of the module, in order: add them to the host's DataSource (`migrations: [...HUBSPOT_MIGRATIONS]`). */
export const HUBSPOT_MIGRATIONS: Array<new () => MigrationInterface> = [
  CreateHubspotOauthTokens1750000000700,
  CreateHubspotObjectMap1764470000100,
  CreateHubspotDeadLetters1764470000200,
  CreateHubspotGdprAudit1764470000300,
  CreateHubspotSyncRuns1796005868853,
  CreateHubspotWebhookEvents1796005933493,
  CreateHubspotOutbox1796100000000,
];
