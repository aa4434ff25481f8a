import { MigrationInterface, QueryRunner } from 'typeorm';

/** hubspot_gdpr_audit: every GDPR erasure request and HubSpot's answer. */
export class CreateHubspotGdprAudit1764470000300 implements MigrationInterface {
  name = 'CreateHubspotGdprAudit1764470000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`hubspot_gdpr_audit\` (
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
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `hubspot_gdpr_audit`');
  }
}
