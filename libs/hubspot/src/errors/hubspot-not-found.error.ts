import { HubspotError } from './hubspot.error';

/** 404 OBJECT_NOT_FOUND (or an unknown route): never retried. */
export class HubspotNotFoundError extends HubspotError {
  readonly disposition = 'fail' as const;
}
