import { HubspotError, HubspotErrorDetails } from './hubspot.error';

/** 409 CONFLICT. For "Contact already exists. Existing ID: 123", `existingId` holds 123 (the ledger repairs itself). */
export class HubspotConflictError extends HubspotError {
  readonly disposition = 'fail' as const;
  readonly existingId?: string;
  constructor(message: string, details: HubspotErrorDetails = {}) {
    super(message, details);
    this.existingId = /Existing ID:\s*(\d+)/i.exec(message)?.[1];
  }
}
