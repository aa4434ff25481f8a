/** Identifies a contact: an email (contains '@'), a user id, or both. */
export type ContactKey = string | { email?: string; userId?: string };

export interface ContactIdentity {
  idProperty: string;
  id: string;
  /** Ledger key and job key: the case-folded email, else the user id. */
  localKey: string;
}

/**
 * How a contact is addressed in HubSpot: by email (case-folded, batch/upsert idProperty 'email'), or, for a
 * user without an email, by the unique custom id property.
 */
export function contactIdentity(key: ContactKey, contactIdProperty: string): ContactIdentity {
  const { email, userId } = typeof key === 'string' ? splitKey(key) : key;
  const folded = email?.trim().toLowerCase();
  if (folded) return { idProperty: 'email', id: folded, localKey: folded };
  const uid = userId?.trim();
  if (uid) return { idProperty: contactIdProperty, id: uid, localKey: uid };
  throw new TypeError('A contact needs an email or a userId');
}

/** The ledger key of a contact (what `hubspot_object_map.local_key` holds for it). */
export function contactLocalKey(key: ContactKey, contactIdProperty = 'app_user_id'): string {
  return contactIdentity(key, contactIdProperty).localKey;
}

function splitKey(key: string): { email?: string; userId?: string } {
  return key.includes('@') ? { email: key } : { userId: key };
}
