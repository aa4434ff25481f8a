import { HubspotError, HubspotErrorDetails } from './hubspot.error';

/**
 * The portal's daily budget is spent (429 DAILY), or so low that the limiter parks bulk work
 * (`reserveHeld`). Work parks until `resetAt`; live calls surface it to the caller.
 */
export class HubspotDailyLimitError extends HubspotError {
  readonly disposition = 'park' as const;
  constructor(
    message: string,
    readonly resetAt: Date,
    details: HubspotErrorDetails = {},
    readonly reserveHeld = false,
  ) {
    super(message, {
      ...details,
      retryAfterMs: details.retryAfterMs ?? Math.max(0, resetAt.getTime() - Date.now()),
    });
  }
}
