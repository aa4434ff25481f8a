import { Provider } from '@nestjs/common';
import { HubspotConfig } from '../config/hubspot.config';
import { HUBSPOT_CONFIG } from '../config/hubspot.constants';
import { OAuthApiClient } from './oauth/oauth-api.client';
import { OAuthInstallEvents } from './oauth/oauth-install.events';
import { OAuthInstallService } from './oauth/oauth-install.service';
import { OAuthPortalsService } from './oauth/oauth-portals.service';
import { OAuthRateLimitGuard } from './oauth/oauth-rate-limit.guard';
import { OAuthRefreshService } from './oauth/oauth-refresh.service';
import { OAuthTokenStore } from './oauth/oauth-token.store';
import { OAuthTokenProvider } from './oauth/oauth-token.provider';
import { PortalTimeZoneLearner } from './oauth/portal-time-zone.learner';
import { ScopeCheckService } from './scopes/scope-check.service';
import { StaticTokenProvider } from './static-token.provider';
import { TokenProvider } from '../http/token-provider';

/**
 * TokenProvider is chosen by `auth.type`. To add a mode: register its class in AUTH_PROVIDERS, add it to
 * `inject` and return it from the switch.
 */
const tokenProvider: Provider = {
  provide: TokenProvider,
  inject: [HUBSPOT_CONFIG, StaticTokenProvider, OAuthTokenProvider],
  useFactory: (
    config: HubspotConfig,
    staticToken: StaticTokenProvider,
    oauth: OAuthTokenProvider,
  ): TokenProvider => {
    switch (config.auth.type) {
      case 'static-token':
        return staticToken;
      case 'oauth':
        return oauth;
      default:
        throw new Error(`auth.type '${String(config.auth.type)}' has no TokenProvider yet`);
    }
  },
};

/** Tokens for every call: one static token, or OAuth per portal (with its install flow and zone learner). */
export const AUTH_PROVIDERS: Provider[] = [
  StaticTokenProvider,
  // OAuth's providers stay idle (and key-less) unless auth.type is 'oauth'.
  OAuthTokenStore,
  OAuthApiClient,
  OAuthRefreshService,
  OAuthTokenProvider,
  OAuthInstallEvents,
  OAuthInstallService,
  OAuthRateLimitGuard,
  OAuthPortalsService,
  tokenProvider,
  PortalTimeZoneLearner,
  ScopeCheckService,
];

export const AUTH_EXPORTS = [TokenProvider, OAuthPortalsService, OAuthInstallService];
