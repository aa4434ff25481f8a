import { Provider } from '@nestjs/common';
import { AssociationBatchClient } from './associations/association-batch.client';
import { AssociationBatchHandler } from './associations/association-batch.handler';
import { AssociationsService } from './associations/associations.service';
import { CompaniesService } from './companies/companies.service';
import { ContactsService } from './contacts/contacts.service';
import { DealsService } from './deals/deals.service';
import { SaleWorker } from './deals/sale.worker';
import { EngagementsService } from './engagements/engagements.service';
import { GdprService } from './gdpr/gdpr.service';
import { LineItemsService } from './line-items/line-items.service';
import { ListsService } from './lists/lists.service';
import { CrmObjectsService } from './objects/crm-objects.service';
import { PropertiesService } from './properties/properties.service';
import { PropertySetupService } from './properties/property-setup.service';
import { RecordUpserts } from './shared/record-upserts';
import { SyncSourcesRegistry } from './sources/sync-sources.registry';

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

/**
 * The public CRM services, the host's sources (one mapping for live writes, backfill and reconciliation) and
 * the queued pipelines behind AssociationsService (the dispatcher's association kind) and DealsService (the
 * sales queue).
 */
export const CRM_PROVIDERS: Provider[] = [
  ...CRM_SERVICES,
  SyncSourcesRegistry,
  RecordUpserts,
  PropertySetupService,
  AssociationBatchClient,
  AssociationBatchHandler,
  SaleWorker,
  GdprService,
];

export const CRM_EXPORTS = [...CRM_SERVICES, SyncSourcesRegistry];
