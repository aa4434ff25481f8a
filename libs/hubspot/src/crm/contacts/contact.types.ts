import { PropertyValue } from '../../engine/ledger/content-hash';

/** A contact intent: email (preferred identity) and/or the host's user id, plus HubSpot properties. */
export interface ContactIntent {
  email?: string;
  userId?: string;
  properties: Record<string, PropertyValue>;
}

/** Identifies a contact: an email (contains '@'), a user id, or both. */
export type ContactKey = string | { email?: string; userId?: string };
