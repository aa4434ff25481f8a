import { HubspotError } from './hubspot.error';

/** OAuth mode with zero or several installed portals: the call must name its portal. */
export class HubspotPortalRequiredError extends HubspotError {
  readonly disposition = 'fail' as const;

  constructor(installed: number) {
    super(
      installed === 0
        ? 'No portal has installed the HubSpot app yet; install one through the OAuth flow'
        : `${installed} portals are installed: pass a portalId (or use forPortal(portalId))`,
    );
  }
}
