import { Provider, Type } from '@nestjs/common';
import { HubspotConfig } from '../config/hubspot.config';
import { HUBSPOT_CONFIG } from '../config/hubspot.constants';
import { ResolvedExtras } from '../hubspot-extras';
import { createOAuthController } from './oauth/oauth.controller';
import { OAUTH_EXPORTS, OAUTH_PROVIDERS } from './oauth/oauth.providers';
import { OAuthTokenProvider } from './oauth/oauth-token.provider';
import { PrivateAppTokenProvider } from './private-app-token.provider';
import { TokenProvider } from '../http/token-provider';

/**
 * TokenProvider is chosen by `auth.type`. To add a mode: register its class in AUTH_PROVIDERS, add it to
 * `inject` and return it from the switch.
 */
const tokenProvider: Provider = {
  provide: TokenProvider,
  inject: [HUBSPOT_CONFIG, PrivateAppTokenProvider, OAuthTokenProvider],
  useFactory: (
    config: HubspotConfig,
    privateApp: PrivateAppTokenProvider,
    oauth: OAuthTokenProvider,
  ): TokenProvider => {
    switch (config.auth.type) {
      case 'private-app':
        return privateApp;
      case 'oauth':
        return oauth;
      default:
        throw new Error(`auth.type '${config.auth.type}' has no TokenProvider yet`);
    }
  },
};

/** Providers of the auth feature, registered by HubspotModule. */
export const AUTH_PROVIDERS: Provider[] = [PrivateAppTokenProvider, ...OAUTH_PROVIDERS, tokenProvider];

/** What HubspotModule exports of the auth feature. */
export const AUTH_EXPORTS: Array<Provider | string | symbol | Type> = [TokenProvider, ...OAUTH_EXPORTS];

/** Controllers of the auth feature for these extras (paths are set here). */
export function authControllers(extras: ResolvedExtras): Type[] {
  return extras.oauthPath === false ? [] : [createOAuthController(extras.oauthPath)];
}
