import { CreateTableMigration } from './create-table.migration';

/** hubspot_gdpr_audit: every GDPR erasure request and HubSpot's answer. */
export class CreateHubspotGdprAudit1764470000300 extends CreateTableMigration {
  name = 'CreateHubspotGdprAudit1764470000300';
  protected table = 'hubspot_gdpr_audit';
  protected definition = `
        \`id\` int unsigned NOT NULL AUTO_INCREMENT,
        \`portal_id\` bigint NOT NULL,
        \`local_key\` varchar(255) NOT NULL,
        \`hubspot_id\` varchar(32) NULL,
        \`status\` varchar(16) NOT NULL,
        \`requested_by\` varchar(255) NULL,
        \`reason\` varchar(255) NULL,
        \`correlation_id\` varchar(64) NULL,
        \`message\` text NULL,
        \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        \`completed_at\` datetime(3) NULL,
        PRIMARY KEY (\`id\`),
        INDEX \`IDX_hubspot_gdpr_audit_key\` (\`portal_id\`, \`local_key\`)
  `;
}
