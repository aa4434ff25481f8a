import { HubspotError } from './hubspot.error';

/** 401: our credentials were refused. Fatal for the call; OAuth refreshes by expiry, not because of a 401. */
export class HubspotAuthError extends HubspotError {
  readonly disposition = 'fail' as const;
}
