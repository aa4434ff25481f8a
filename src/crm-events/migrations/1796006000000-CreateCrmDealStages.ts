import { MigrationInterface, QueryRunner } from 'typeorm';

/** crm_deal_stages: deal stages mirrored from HubSpot webhooks (example host handler). */
export class CreateCrmDealStages1796006000000 implements MigrationInterface {
  name = 'CreateCrmDealStages1796006000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`crm_deal_stages\` (
        \`deal_id\` bigint NOT NULL,
        \`portal_id\` bigint NOT NULL,
        \`stage\` varchar(100) NOT NULL,
        \`stage_changed_at\` bigint NOT NULL,
        \`won_at\` datetime(3) NULL,
        \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (\`deal_id\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `crm_deal_stages`');
  }
}
