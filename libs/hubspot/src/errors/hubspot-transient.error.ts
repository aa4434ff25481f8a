import { HubspotError } from './hubspot.error';

/** 5xx, 423 Locked, 477 Migration in Progress, a dropped connection or a timeout: back off and retry. */
export class HubspotTransientError extends HubspotError {
  readonly disposition = 'retry' as const;
}
