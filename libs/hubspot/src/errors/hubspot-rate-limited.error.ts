import { HubspotError, HubspotErrorDetails } from './hubspot.error';

/** 429 TEN_SECONDLY_ROLLING or SECONDLY (search): wait for the window (or Retry-After) and retry. */
export class HubspotRateLimitedError extends HubspotError {
  readonly disposition = 'retry' as const;
  constructor(
    message: string,
    readonly policyName: string,
    details: HubspotErrorDetails = {},
  ) {
    super(message, details);
  }
}
