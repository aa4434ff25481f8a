import { MigrationInterface, QueryRunner } from 'typeorm';

/** hubspot_dead_letters: writes HubSpot refused, with its reason, until replayed or resolved. */
export class CreateHubspotDeadLetters1764470000200 implements MigrationInterface {
  name = 'CreateHubspotDeadLetters1764470000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`hubspot_dead_letters\` (
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
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `hubspot_dead_letters`');
  }
}
