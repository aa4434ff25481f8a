import { Provider, Type } from '@nestjs/common';
import { ResolvedExtras } from '../hubspot-extras';
import { AssociationBatchClient } from './associations/association-batch.client';
import { AssociationsService } from './associations/associations.service';
import { CompaniesService } from './companies/companies.service';
import { ContactsService } from './contacts/contacts.service';
import { DealsService } from './deals/deals.service';
import { EngagementsService } from './engagements/engagements.service';
import { GdprService } from './gdpr/gdpr.service';
import { LineItemsService } from './line-items/line-items.service';
import { ListsService } from './lists/lists.service';
import { CrmObjectsService } from './objects/crm-objects.service';
import { PropertiesService } from './properties/properties.service';

const CRM_SERVICES = [
  ContactsService,
  CompaniesService,
  AssociationsService,
  DealsService,
  LineItemsService,
  ListsService,
  PropertiesService,
  EngagementsService,
  CrmObjectsService,
];

/** Providers of the crm feature, registered by HubspotModule. */
export const CRM_PROVIDERS: Provider[] = [...CRM_SERVICES, AssociationBatchClient, GdprService];

/** What HubspotModule exports of the crm feature. */
export const CRM_EXPORTS: Array<Provider | string | symbol | Type> = [...CRM_SERVICES];

/** Controllers of the crm feature for these extras (paths are set here). */
export function crmControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
