import { CreateTableMigration } from './create-table.migration';

/** hubspot_object_map: the sync ledger (local key -> HubSpot id, hash of the content last accepted). */
export class CreateHubspotObjectMap1764470000100 extends CreateTableMigration {
  name = 'CreateHubspotObjectMap1764470000100';
  protected table = 'hubspot_object_map';
  protected definition = `
        \`id\` int unsigned NOT NULL AUTO_INCREMENT,
        \`portal_id\` bigint NOT NULL,
        \`object_type\` varchar(64) NOT NULL,
        \`local_key\` varchar(255) NOT NULL,
        \`hubspot_id\` varchar(32) NULL,
        \`content_hash\` char(64) NULL,
        \`last_synced_at\` datetime(3) NULL,
        \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`UQ_hubspot_object_map_key\` (\`portal_id\`, \`object_type\`, \`local_key\`),
        INDEX \`IDX_hubspot_object_map_hubspot_id\` (\`portal_id\`, \`object_type\`, \`hubspot_id\`)
  `;
}
