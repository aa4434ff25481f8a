import { HubspotError, HubspotErrorDetails } from './hubspot.error';

/**
 * HubSpot refused the portal's refresh token (BAD_REFRESH_TOKEN: revoked, or the app was uninstalled).
 * Every call for that portal fails fast with this error until someone re-installs the app; queues park
 * the work ('park') instead of dead-lettering it, so it resumes after the re-install.
 */
export class HubspotReinstallRequiredError extends HubspotError {
  readonly disposition = 'park' as const;

  constructor(portalId: number, details: HubspotErrorDetails = {}) {
    super(`Portal ${portalId} must re-install the HubSpot app: its refresh token was refused`, {
      ...details,
      portalId,
      category: details.category ?? 'BAD_REFRESH_TOKEN',
    });
  }
}
