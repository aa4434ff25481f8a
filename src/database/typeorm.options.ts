import { HUBSPOT_ENTITIES, HUBSPOT_MIGRATIONS } from '@app/hubspot';
import { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { AppEnvConfig } from '../config/app-env.config';
import { CRM_EVENTS_ENTITIES, CRM_EVENTS_MIGRATIONS } from '../crm-events/crm-events.module';
import { User } from '../users/user.entity';
import { USERS_MIGRATIONS } from '../users/migrations';

/** One DataSource for the app's tables and the module's (`hubspot_*`), each with its real migrations. */
export function typeOrmOptions(env: AppEnvConfig): TypeOrmModuleOptions {
  return {
    type: 'mysql',
    url: env.DATABASE_URL,
    entities: [User, ...CRM_EVENTS_ENTITIES, ...HUBSPOT_ENTITIES],
    migrations: [...USERS_MIGRATIONS, ...CRM_EVENTS_MIGRATIONS, ...HUBSPOT_MIGRATIONS],
    migrationsRun: env.DB_MIGRATIONS_RUN,
    synchronize: false,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    // Not 'error': failed queries would print their parameters (personal data) to stdout.
    logging: ['migration', 'warn'],
  };
}
