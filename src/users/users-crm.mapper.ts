import type { SourceCompany, SourceContact } from '@app/hubspot';
import { User } from './user.entity';

/** HubSpot contact properties the example app owns (created at boot by UsersCrmSync). */
export const APP_CONTACT_PROPERTIES = ['plan'] as const;

/** A HubSpot date property value: the UTC day as YYYY-MM-DD (what HubSpot returns and the module sends). */
export function hubspotDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The one mapping from a local user to its HubSpot contact: live sync, backfill and reconciliation share it. */
export function userToContact(user: User): SourceContact {
  return {
    email: user.email,
    userId: String(user.id),
    properties: {
      firstname: user.firstName,
      lastname: user.lastName,
      plan: user.plan,
      company: user.companyName,
      churned: user.status === 'churned',
      churn_date: user.churnedAt ? hubspotDate(user.churnedAt) : null,
    },
    companyDomains: user.companyDomain ? [user.companyDomain] : [],
  };
}

/** A company is keyed by its normalised domain (HubSpot does not dedupe companies through the API). */
export function toCompany(domain: string, name: string | null): SourceCompany {
  return { domain, properties: { name, domain } };
}
