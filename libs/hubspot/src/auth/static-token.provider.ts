import { Injectable } from '@nestjs/common';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { HubspotAuthError } from '../errors/hubspot-auth.error';
import { TokenProvider } from '../http/token-provider';

/**
 * One account's static bearer token, never refreshed: a legacy private app's token, a Service Key or a
 * project app's static auth token (HubSpot takes all three in the same `Authorization: Bearer` header).
 */
@Injectable()
export class StaticTokenProvider implements TokenProvider {
  readonly mode = 'static-token' as const;

  constructor(@InjectHubspotConfig() private readonly config: HubspotConfig) {}

  async getAccessToken(portalId?: number): Promise<string> {
    const token = this.config.auth.accessToken;
    if (!token) throw new HubspotAuthError('No static access token is configured', { portalId });
    if (portalId !== undefined && portalId !== this.config.auth.portalId) {
      throw new HubspotAuthError(
        `This static token acts for portal ${this.config.auth.portalId}, not for portal ${portalId}`,
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
