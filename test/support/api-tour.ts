import { INestApplication } from '@nestjs/common';
import {
  ASSOCIATION_TYPES,
  AssociationsService,
  CompaniesService,
  ContactsService,
  CrmObjectsService,
  DealsService,
  EngagementsService,
  HubspotHealthIndicator,
  ListsService,
  PropertiesService,
  SyncLedgerService,
} from '@app/hubspot';
import type { EmulatorHandle } from '@app/hubspot-emulator';
import { setTimeout as sleep } from 'node:timers/promises';
import { OAuthApiClient, StaticTokenInfo } from '../../libs/hubspot/src/auth/oauth/oauth-api.client';
import { HubspotRecordReader } from '../../libs/hubspot/src/runs/reconciliation/hubspot-record-reader';
import { waitUntil } from './crm-app';

/**
 * Every kind of call the library makes to HubSpot with a static token, driven through its public services
 * (and the two internal readers the runs and the scope check use): properties, contacts (queued, direct, the
 * 409 "Existing ID" repair, reads, GDPR erasure), companies, associations (default, labelled, batch, queued,
 * list, remove), deals and line items, engagements, lists, any object, reconciliation reads and search, the
 * health probe and static token info.
 */
export async function staticTokenTour(
  app: INestApplication,
  emu: EmulatorHandle,
  portalId: number,
  token: string,
): Promise<{ tokenInfo: StaticTokenInfo }> {
  const ledger = app.get(SyncLedgerService);
  const idOf = async (type: string, key: string) => (await ledger.hubspotId(portalId, type, key))!;

  const properties = app.get(PropertiesService);
  await properties.ensureModuleProperties();
  await properties.ensure('contacts', {
    name: 'tour_source',
    label: 'Tour source',
    type: 'string',
    fieldType: 'text',
    groupName: 'contactinformation',
  });
  await properties.list('contacts');

  const contacts = app.get(ContactsService);
  const ann = await contacts.upsertNow({ email: 'ann@tour.example', properties: { firstname: 'Ann' } });
  // A user-id upsert whose email belongs to Ann: HubSpot's 409 "Existing ID" turns into a PATCH of her record.
  await contacts.upsertNow({ userId: 'u-ann', properties: { email: 'ann@tour.example' } });
  await contacts.upsert({ email: 'bob@tour.example', properties: { firstname: 'Bob' } });
  await waitUntil(
    async () => !!(await ledger.hubspotId(portalId, 'contacts', 'bob@tour.example')),
    10_000,
    'bob',
  );
  const bob = await idOf('contacts', 'bob@tour.example');
  await contacts.getByEmail('ann@tour.example', { properties: ['firstname'] });

  const companies = app.get(CompaniesService);
  const acme = await companies.upsertNow({ domain: 'acme.example', properties: { name: 'Acme' } });
  await companies.getByDomain('acme.example');

  const associations = app.get(AssociationsService);
  await associations.associateIds('contacts', ann, 'companies', acme);
  await associations.associateIds('contacts', ann, 'companies', acme, {
    types: [ASSOCIATION_TYPES.contactToCompanyPrimary],
  });
  await associations.list('contacts', ann, 'companies');
  await associations.associateManyIds('contacts', 'companies', [{ fromId: bob, toId: acme }]);
  await associations.associateManyIds('contacts', 'companies', [{ fromId: bob, toId: acme }], {
    types: [ASSOCIATION_TYPES.contactToCompanyPrimary],
  });
  await associations.removeIds('contacts', bob, 'companies', acme);
  await associations.contactToCompany('bob@tour.example', 'acme.example');
  await waitUntil(
    async () => (await associations.list('contacts', bob, 'companies')).length === 1,
    10_000,
    'queued association',
  );

  const sale = await app.get(DealsService).recordSale({
    eventKey: 'tour-order-1',
    properties: { dealname: 'Tour order', amount: 100, dealstage: 'closedwon', pipeline: 'default' },
    lineItems: [{ properties: { name: 'Seat', quantity: 1, price: 100 } }],
  });

  const note = emu.control.createObject(portalId, 'notes', {
    hs_note_body: 'hi',
    hs_timestamp: '1767225600000',
  });
  await associations.associateIds('notes', note.id, 'contacts', ann);
  await app.get(EngagementsService).notes('ann@tour.example');

  const lists = app.get(ListsService);
  const listId = await lists.createStatic('Tour list');
  await lists.addContacts(listId, ['ann@tour.example', 'bob@tour.example']);
  await lists.remove(listId, [bob]);

  const objects = app.get(CrmObjectsService);
  await objects.get('deals', sale.dealId, { properties: ['dealname'] });
  await objects.batchRead('contacts', [ann, bob], { properties: ['email'] });
  await objects.update('deals', sale.dealId, { amount: 120 });

  const reader = app.get(HubspotRecordReader);
  const identity = { idProperty: 'email', id: 'ann@tour.example', localKey: 'ann@tour.example', key: '' };
  await reader.readByIdentity('contacts', [identity], ['firstname'], { portalId, lane: 'reconcile' });
  await reader.search('contacts', { filterGroups: [], limit: 10 }, { portalId, lane: 'reconcile' });

  // Older than maxAgeMs 0: the health check spends its own probe call instead of reusing the last one.
  await sleep(5);
  await app.get(HubspotHealthIndicator).isHealthy('hubspot', { maxAgeMs: 0 });
  const tokenInfo = await app.get(OAuthApiClient).staticTokenInfo(token);
  await contacts.gdprErase('bob@tour.example');
  return { tokenInfo };
}
