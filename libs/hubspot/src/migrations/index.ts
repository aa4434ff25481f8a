import { MigrationInterface } from 'typeorm';

/** Every migration of the module, in order: add them to the host's DataSource (`migrations: [...HUBSPOT_MIGRATIONS]`). */
export const HUBSPOT_MIGRATIONS: Array<new () => MigrationInterface> = [];
