import { CreateCrmDealStages1796006000000 } from './1796006000000-CreateCrmDealStages';

/** Migrations of the example webhook handler's table; run them with the app's others. */
export const CRM_EVENTS_MIGRATIONS = [CreateCrmDealStages1796006000000];
