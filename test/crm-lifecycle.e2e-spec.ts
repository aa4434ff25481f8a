import { INestApplication } from '@nestjs/common';
import {
  AssociationsService,
  CompaniesService,
  ContactsService,
  HubspotDeadLetter,
  SyncLedgerService,
} from '@app/hubspot';
import type { EmulatorHandle } from '@app/hubspot-emulator';
import { getRepositoryToken } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { liveObjects, startCrmSuite, waitUntil } from './support/crm-app';

const PORTAL = 1001;
const TOKEN = 'pat-crm-lifecycle';
const USERS = 150;
const COMPANIES = 15;

interface Expected {
  email: string;
  plan: string;
  churned?: string;
  churnDate?: string;
  company?: string;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A burst of signups, upgrades (company + association) and churns for the same users, interleaved with the
 * worker's batches (random pauses): every user ends in the state of its last intent.
 */
describe('user lifecycle burst (real MariaDB, Redis, emulator)', () => {
  let emu: EmulatorHandle;
  let app: INestApplication;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ emu, app, stop } = await startCrmSuite('crm-lifecycle', TOKEN, PORTAL, {
      coalesceWindowMs: 100,
      retryDelayMs: 200,
    }));
  });

  afterAll(() => stop?.());

  it('ends with each user in the state of its last intent, companies once each, associations made', async () => {
    const contacts = app.get(ContactsService);
    const companies = app.get(CompaniesService);
    const associations = app.get(AssociationsService);
    const expected: Expected[] = [];

    async function lifecycle(i: number): Promise<void> {
      const email = `Burst${i}@Example.com`;
      const state: Expected = { email: email.toLowerCase(), plan: 'free' };
      expected[i] = state;
      await contacts.upsert({ email, userId: `b-${i}`, properties: { firstname: `B${i}`, plan: 'free' } });
      await pause(Math.random() * 400);
      if (i % 2 === 0) {
        const domain = `https://www.Company${i % COMPANIES}.com/pricing`;
        await companies.upsert({ domain, properties: { name: `Company ${i % COMPANIES}` } });
        await contacts.upsert({ email, properties: { plan: 'pro' } });
        await associations.contactToCompany(email, domain);
        state.plan = 'pro';
        state.company = `company${i % COMPANIES}.com`;
        await pause(Math.random() * 400);
      }
      if (i % 3 === 0) {
        await contacts.markChurned(email, new Date(Date.UTC(2026, 0, 1 + (i % 28))));
        state.churned = 'true';
        state.churnDate = `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`;
        if (i % 9 === 0) {
          await pause(Math.random() * 200);
          await contacts.markActive(email);
          await contacts.upsert({ email, properties: { plan: 'team' } });
          state.churned = 'false';
          state.churnDate = '';
          state.plan = 'team';
        }
      }
    }

    await Promise.all(Array.from({ length: USERS }, (_, i) => lifecycle(i)));

    const ledger = app.get(SyncLedgerService);
    const upgraded = expected.filter((e) => e.company);
    // Contacts and companies are separate calls: neither waits for the other, so wait for both.
    await waitUntil(
      async () => {
        const stored = liveObjects(emu, PORTAL, 'contacts');
        const byEmail = new Map(stored.map((o) => [o.properties.email, o.properties]));
        if (liveObjects(emu, PORTAL, 'companies').length < COMPANIES) return false;
        return expected.every((e) => {
          const p = byEmail.get(e.email);
          return (
            p &&
            p.plan === e.plan &&
            (p.churned ?? '') === (e.churned ?? '') &&
            (p.churn_date ?? '') === (e.churnDate ?? '')
          );
        });
      },
      30_000,
      'every contact to reach its final state, and every company',
    );
    const stored = liveObjects(emu, PORTAL, 'contacts');
    expect(stored).toHaveLength(USERS);
    const storedCompanies = liveObjects(emu, PORTAL, 'companies');
    // Even users upgrade to company i % 15: all 15 domains, each stored once (idProperty app_company_domain).
    expect(storedCompanies).toHaveLength(COMPANIES);
    expect(new Set(storedCompanies.map((c) => c.properties.app_company_domain)).size).toBe(
      storedCompanies.length,
    );

    // Every upgraded user ends associated with its company (queued until both sides existed).
    const companyIds = await ledger.findMany(
      PORTAL,
      'companies',
      upgraded.map((e) => e.company as string),
    );
    const contactIds = await ledger.findMany(
      PORTAL,
      'contacts',
      upgraded.map((e) => e.email),
    );
    await waitUntil(
      async () => {
        const made = await ledger.findMany(
          PORTAL,
          'assoc:contacts:companies:default',
          upgraded.map(
            (e) => `${contactIds.get(e.email)?.hubspotId}:${companyIds.get(e.company as string)?.hubspotId}`,
          ),
        );
        return made.size === upgraded.length;
      },
      20_000,
      'associations',
    );
    for (const e of upgraded.slice(0, 10)) {
      const links = await associations.list('contacts', contactIds.get(e.email)!.hubspotId!, 'companies');
      expect(links.map((l) => l.toObjectId)).toEqual([companyIds.get(e.company as string)!.hubspotId]);
    }

    const deadLetters = app.get<Repository<HubspotDeadLetter>>(getRepositoryToken(HubspotDeadLetter));
    expect(await deadLetters.count()).toBe(0);
    expect(emu.control.stats().rateLimited.TEN_SECONDLY_ROLLING).toBe(0);
  });
});
