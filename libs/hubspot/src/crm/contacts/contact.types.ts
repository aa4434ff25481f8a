import { PropertyValue } from '../../model/property-value';

/** A contact intent: email (preferred identity) and/or the host's user id, plus HubSpot properties. */
export interface ContactIntent {
  email?: string;
  userId?: string;
  properties: Record<string, PropertyValue>;
}
