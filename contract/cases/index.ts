import { ContractCase } from '../core/contract.types';
import { ASSOCIATION_CASES } from './associations.cases';
import { AUTH_CASES } from './auth.cases';
import { BATCH_CASES } from './batch.cases';
import { ENGAGEMENT_CASES } from './engagements.cases';
import { LIMIT_CASES } from './limits.cases';
import { LIST_CASES } from './lists.cases';
import { OBJECT_CASES } from './objects.cases';
import { PROPERTY_CASES } from './properties.cases';
import { READ_CASES } from './reads.cases';
import { SCOPE_CASES } from './scopes.cases';
import { SEARCH_CASES } from './search.cases';
import { VERSION_CASES } from './versions.cases';
import { WEBHOOK_CASES } from './webhooks.cases';

/** Every HubSpot behaviour the module relies on, in the order a run sends them. */
export const CONTRACT_CASES: ContractCase[] = [
  ...AUTH_CASES,
  ...OBJECT_CASES,
  ...BATCH_CASES,
  ...PROPERTY_CASES,
  ...SEARCH_CASES,
  ...ASSOCIATION_CASES,
  ...LIST_CASES,
  ...READ_CASES,
  ...ENGAGEMENT_CASES,
  ...LIMIT_CASES,
  ...SCOPE_CASES,
  ...VERSION_CASES,
  ...WEBHOOK_CASES,
];
