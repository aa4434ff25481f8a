import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A migration that creates one InnoDB utf8mb4 table (MySQL 8 / MariaDB 10.11) and drops it on the way down.
 * Subclasses give the table's name and its column and index definitions as SQL.
 */
export abstract class CreateTableMigration implements MigrationInterface {
  abstract readonly name: string;
  protected abstract readonly table: string;
  /** The lines between the parentheses of CREATE TABLE. */
  protected abstract readonly definition: string;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`${this.table}\` (${this.definition}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`${this.table}\``);
  }
}
