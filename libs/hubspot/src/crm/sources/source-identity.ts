import { contactIdentity as crmContactIdentity } from '../../model/contact-identity';
import { normaliseDomain } from '../../model/normalise-domain';
import { SourceCompany, SourceContact } from './source.types';

/** How HubSpot finds a record: the unique property and its value (batch/read and batch/upsert `idProperty`). */
export interface RecordIdentity {
  idProperty: string;
  id: string;
  /** The ledger's local key (case-folded email or user id; normalised domain). */
  localKey: string;
  /** Comparable form: `<idProperty>:<value>` (emails case-folded). */
  key: string;
}

/** Contacts go by email when they have one, else by the unique user-id property (as ContactsService does). */
export function contactIdentity(contact: SourceContact, contactIdProperty: string): RecordIdentity | null {
  if (!contact.email?.trim() && !contact.userId?.trim()) return null;
  const identity = crmContactIdentity(contact, contactIdProperty);
  return { ...identity, key: identityKey(identity.idProperty, identity.id) };
}

/** Companies go by their normalised domain in the unique company-key property (as CompaniesService does). */
export function companyIdentity(company: SourceCompany, companyKeyProperty: string): RecordIdentity | null {
  let domain: string;
  try {
    domain = normaliseDomain(company.domain ?? '');
  } catch {
    return null;
  }
  return {
    idProperty: companyKeyProperty,
    id: domain,
    localKey: domain,
    key: identityKey(companyKeyProperty, domain),
  };
}

/** The comparable key of a HubSpot record's value of `idProperty` (see RecordIdentity.key). */
export function identityKey(idProperty: string, value: string): string {
  return `${idProperty}:${idProperty === 'email' ? value.trim().toLowerCase() : value.trim()}`;
}
