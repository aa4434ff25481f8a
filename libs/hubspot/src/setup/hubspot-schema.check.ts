import { Logger, OnModuleInit, Type } from '@nestjs/common';
import type { DataSource, EntityMetadata } from 'typeorm';
import { HubspotSetupError } from '../errors/hubspot-setup.error';
import { typeOrmMissing } from './typeorm-feature';

/**
 * Refuses to start when the module cannot store anything: its entities are not in the host's DataSource
 * (HUBSPOT_ENTITIES) or its tables and columns are not in the database (HUBSPOT_MIGRATIONS not run). Otherwise
 * the app would boot, queue writes, and fail every job on "No metadata" or "Table doesn't exist".
 */
export class HubspotSchemaCheck implements OnModuleInit {
  private readonly logger = new Logger('HubspotModule');

  constructor(
    private readonly dataSource: DataSource | undefined,
    private readonly entities: Type[],
    private readonly dataSourceName?: string,
  ) {}

  async onModuleInit(): Promise<void> {
    const dataSource = this.dataSource;
    if (!dataSource) throw typeOrmMissing(this.dataSourceName);
    const which = this.dataSourceName ? `TypeORM DataSource '${this.dataSourceName}'` : 'TypeORM DataSource';
    const unknown = this.entities.filter((entity) => !dataSource.hasMetadata(entity));
    if (unknown.length) {
      throw new HubspotSetupError([
        `the ${which} does not have the module's entities (${unknown.map((e) => e.name).join(', ')}): add ` +
          'HUBSPOT_ENTITIES to its entities, e.g. entities: [...yourEntities, ...HUBSPOT_ENTITIES] (or set ' +
          'autoLoadEntities: true)',
      ]);
    }
    if (!['mysql', 'mariadb'].includes(dataSource.options.type)) {
      this.logger.warn(`Tables not checked: the module's migrations are written for MySQL/MariaDB`);
      return;
    }
    const problems = await this.missingInDatabase(this.entities.map((e) => dataSource.getMetadata(e)));
    if (problems.length) throw new HubspotSetupError(problems);
  }

  private async missingInDatabase(metadata: EntityMetadata[]): Promise<string[]> {
    const [{ db }] = await this.dataSource!.query('SELECT DATABASE() AS db');
    if (!db) return [];
    const rows: Array<{ t: string; c: string }> = await this.dataSource!.query(
      'SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS ' +
        'WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)',
      [metadata.map((m) => m.tableName)],
    );
    const present = new Set(rows.map((r) => `${r.t.toLowerCase()}.${r.c.toLowerCase()}`));
    const tables = new Set(rows.map((r) => r.t.toLowerCase()));
    const missingTables = metadata
      .filter((m) => !tables.has(m.tableName.toLowerCase()))
      .map((m) => m.tableName);
    const missingColumns = metadata
      .filter((m) => tables.has(m.tableName.toLowerCase()))
      .flatMap((m) => m.columns.map((c) => `${m.tableName}.${c.databaseName}`))
      .filter((column) => !present.has(column.toLowerCase()));
    const run =
      "add HUBSPOT_MIGRATIONS to the DataSource's migrations and run them (migrationsRun: true, or " +
      '`typeorm migration:run` in your deploy step, before the app starts)';
    const problems: string[] = [];
    if (missingTables.length) {
      problems.push(
        `the module's tables are missing in database '${db}' (${missingTables.join(', ')}): ${run}`,
      );
    }
    if (missingColumns.length) {
      problems.push(
        `the module's tables lack columns (${missingColumns.join(', ')}), so newer migrations have not run: ${run}`,
      );
    }
    return problems;
  }
}
