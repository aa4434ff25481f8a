import { SyncIntent } from '../../engine/intents/sync-intent.types';
import { contactIdentity } from '../../model/contact-identity';
import { ContactIntent } from './contact.types';

/** The sync intent of a contact: addressed by email, else by the unique user-id property. */
export function contactIntent(
  contact: ContactIntent,
  portalId: number,
  contactIdProperty: string,
): Omit<SyncIntent, 'lane'> {
  const identity = contactIdentity(contact, contactIdProperty);
  const properties = { ...contact.properties };
  // A user with both keeps its user id on the contact, so it stays addressable if its email changes.
  if (identity.idProperty === 'email' && contact.userId?.trim())
    properties[contactIdProperty] = contact.userId.trim();
  return { portalId, objectType: 'contacts', ...identity, properties };
}
