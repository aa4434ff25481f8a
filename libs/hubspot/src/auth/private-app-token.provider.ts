import { Injectable } from '@nestjs/common';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { HubspotAuthError } from '../errors/hubspot-auth.error';
import { TokenProvider } from '../http/token-provider';

/** A private app: one static bearer token for one portal, never refreshed. */
@Injectable()
export class PrivateAppTokenProvider implements TokenProvider {
  readonly mode = 'private-app' as const;

  constructor(@InjectHubspotConfig() private readonly config: HubspotConfig) {}

  async getAccessToken(portalId?: number): Promise<string> {
    const token = this.config.auth.accessToken;
    if (!token) throw new HubspotAuthError('No private-app access token is configured', { portalId });
    if (portalId !== undefined && portalId !== this.config.auth.portalId) {
      throw new HubspotAuthError(
        `This private app acts for portal ${this.config.auth.portalId}, not for portal ${portalId}`,
        { portalId },
      );
    }
    return token;
  }

  async defaultPortalId(): Promise<number> {
    return this.config.auth.portalId;
  }

  async portalIds(): Promise<number[]> {
    return [this.config.auth.portalId];
  }
}
