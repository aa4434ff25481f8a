import { MigrationInterface, QueryRunner } from 'typeorm';

/** hubspot_outbox: intents written in the host's transaction, until their delivery to HubSpot is settled. */
export class CreateHubspotOutbox1796100000000 implements MigrationInterface {
  name = 'CreateHubspotOutbox1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`hubspot_outbox\` (
        \`id\` bigint unsigned NOT NULL AUTO_INCREMENT,
        \`kind\` varchar(16) NOT NULL,
        \`portal_id\` bigint NOT NULL,
        \`object_type\` varchar(64) NOT NULL,
        \`local_key\` varchar(255) NOT NULL,
        \`record_hash\` char(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        \`payload\` mediumtext NOT NULL,
        \`created_at\` datetime(3) NOT NULL,
        \`relayed_at\` datetime(3) NULL,
        \`relay_epoch\` varchar(32) NULL,
        \`relay_count\` int NOT NULL DEFAULT 0,
        PRIMARY KEY (\`id\`),
        INDEX \`IDX_hubspot_outbox_due\` (\`relayed_at\`, \`id\`),
        INDEX \`IDX_hubspot_outbox_record\` (\`record_hash\`, \`id\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `hubspot_outbox`');
  }
}
