import { HubspotError } from './hubspot.error';

/** 403 MISSING_SCOPES: the app lacks a scope; never retried. */
export class HubspotMissingScopesError extends HubspotError {
  readonly disposition = 'fail' as const;
}
