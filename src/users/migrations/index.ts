import { CreateUsers1796005800000 } from './1796005800000-CreateUsers';

/** The host's own migrations; the app runs them together with HUBSPOT_MIGRATIONS. */
export const USERS_MIGRATIONS = [CreateUsers1796005800000];
