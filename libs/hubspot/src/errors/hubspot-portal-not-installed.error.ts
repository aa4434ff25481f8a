import { HubspotError } from './hubspot.error';

/** No OAuth tokens are stored for the portal (never installed, or disconnected). */
export class HubspotPortalNotInstalledError extends HubspotError {
  readonly disposition = 'fail' as const;

  constructor(portalId: number) {
    super(`Portal ${portalId} has not installed the HubSpot app (or was disconnected)`, {
      portalId,
      status: 401,
    });
  }
}
