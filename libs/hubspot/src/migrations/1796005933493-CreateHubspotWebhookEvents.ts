import { CreateTableMigration } from './create-table.migration';

/** hubspot_webhook_events: every distinct webhook event once (unique dedupe key), with its handling outcome. */
export class CreateHubspotWebhookEvents1796005933493 extends CreateTableMigration {
  name = 'CreateHubspotWebhookEvents1796005933493';
  protected table = 'hubspot_webhook_events';
  protected definition = `
        \`id\` bigint unsigned NOT NULL AUTO_INCREMENT,
        \`dedupe_key\` char(64) NOT NULL,
        \`portal_id\` bigint NOT NULL,
        \`subscription_type\` varchar(64) NOT NULL,
        \`object_type\` varchar(64) NOT NULL,
        \`object_id\` bigint NOT NULL,
        \`object_key\` varchar(160) NOT NULL,
        \`property_name\` varchar(255) NULL,
        \`event_id\` bigint NOT NULL,
        \`occurred_at\` bigint NOT NULL,
        \`change_source\` varchar(64) NULL,
        \`source_id\` varchar(255) NULL,
        \`payload\` mediumtext NOT NULL,
        \`status\` varchar(16) NOT NULL DEFAULT 'pending',
        \`attempts\` int NOT NULL DEFAULT 0,
        \`next_attempt_at\` datetime(3) NULL,
        \`last_error\` text NULL,
        \`completed_handlers\` text NULL,
        \`received_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        \`processed_at\` datetime(3) NULL,
        \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`UQ_hubspot_webhook_events_dedupe\` (\`dedupe_key\`),
        INDEX \`IDX_hubspot_webhook_events_object\` (\`object_key\`, \`status\`, \`occurred_at\`),
        INDEX \`IDX_hubspot_webhook_events_due\` (\`status\`, \`next_attempt_at\`)
  `;
}
