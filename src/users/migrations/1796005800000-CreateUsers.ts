import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1796005800000 implements MigrationInterface {
  name = 'CreateUsers1796005800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`users\` (
        \`id\` int unsigned NOT NULL AUTO_INCREMENT,
        \`email\` varchar(254) NOT NULL,
        \`first_name\` varchar(100) NULL,
        \`last_name\` varchar(100) NULL,
        \`plan\` varchar(20) NOT NULL DEFAULT 'free',
        \`status\` varchar(20) NOT NULL DEFAULT 'active',
        \`company_name\` varchar(200) NULL,
        \`company_domain\` varchar(253) NULL,
        \`churned_at\` datetime(3) NULL,
        \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`uq_users_email\` (\`email\`),
        INDEX \`ix_users_updated_at\` (\`updated_at\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `users`');
  }
}
