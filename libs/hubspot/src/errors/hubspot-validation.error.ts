import { HubspotError } from './hubspot.error';

/** 400 VALIDATION_ERROR (e.g. PROPERTY_DOESNT_EXIST): never retried. */
export class HubspotValidationError extends HubspotError {
  readonly disposition = 'fail' as const;
}
