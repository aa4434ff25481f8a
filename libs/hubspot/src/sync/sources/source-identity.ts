import { SourceCompany, SourceContact } from './source.types';

/** How HubSpot finds a record: the unique property and its value (batch/read and batch/upsert `idProperty`). */
export interface RecordIdentity {
  idProperty: string;
  id: string;
  /** Comparable form of the id (emails match case-insensitively). */
  key: string;
}

/** Contacts go by email when they have one, else by the unique user-id property. */
export function contactIdentity(contact: SourceContact, contactIdProperty: string): RecordIdentity | null {
  const email = contact.email?.trim();
  if (email) return { idProperty: 'email', id: email, key: `email:${email.toLowerCase()}` };
  if (contact.userId) {
    return {
      idProperty: contactIdProperty,
      id: contact.userId,
      key: `${contactIdProperty}:${contact.userId}`,
    };
  }
  return null;
}

export function companyIdentity(company: SourceCompany, companyKeyProperty: string): RecordIdentity | null {
  const domain = company.domain?.trim().toLowerCase();
  return domain
    ? { idProperty: companyKeyProperty, id: domain, key: `${companyKeyProperty}:${domain}` }
    : null;
}

/** The comparable key of a HubSpot record's value of `idProperty` (see RecordIdentity.key). */
export function identityKey(idProperty: string, value: string): string {
  return idProperty === 'email' ? `email:${value.trim().toLowerCase()}` : `${idProperty}:${value}`;
}
