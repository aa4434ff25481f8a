import { CreateTableMigration } from './create-table.migration';

/** hubspot_dead_letters: writes HubSpot refused, with its reason, until replayed or resolved. */
export class CreateHubspotDeadLetters1764470000200 extends CreateTableMigration {
  name = 'CreateHubspotDeadLetters1764470000200';
  protected table = 'hubspot_dead_letters';
  protected definition = `
        \`id\` int unsigned NOT NULL AUTO_INCREMENT,
        \`portal_id\` bigint NOT NULL,
        \`object_type\` varchar(64) NOT NULL,
        \`operation\` varchar(32) NOT NULL,
        \`local_key\` varchar(255) NULL,
        \`lane\` varchar(16) NOT NULL,
        \`status\` varchar(16) NOT NULL DEFAULT 'open',
        \`category\` varchar(64) NULL,
        \`message\` text NOT NULL,
        \`status_code\` int NULL,
        \`correlation_id\` varchar(64) NULL,
        \`payload\` mediumtext NOT NULL,
        \`details\` text NULL,
        \`attempts\` int NOT NULL DEFAULT 1,
        \`replay_count\` int NOT NULL DEFAULT 0,
        \`job_id\` varchar(255) NULL,
        \`resolved_at\` datetime(3) NULL,
        \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (\`id\`),
        INDEX \`IDX_hubspot_dead_letters_portal_status\` (\`portal_id\`, \`status\`, \`id\`),
        INDEX \`IDX_hubspot_dead_letters_key\` (\`portal_id\`, \`object_type\`, \`local_key\`)
  `;
}
