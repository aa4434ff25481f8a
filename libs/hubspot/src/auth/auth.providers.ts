import { Provider, Type } from '@nestjs/common';
import { HubspotConfig } from '../hubspot.config';
import { HUBSPOT_CONFIG } from '../hubspot.constants';
import { ResolvedExtras } from '../hubspot-extras';
import { PrivateAppTokenProvider } from './private-app-token.provider';
import { TokenProvider } from './token-provider';

/**
 * TokenProvider is chosen by `auth.type`. To add a mode: register its class in AUTH_PROVIDERS, add it to
 * `inject` and return it from the switch.
 */
const tokenProvider: Provider = {
  provide: TokenProvider,
  inject: [HUBSPOT_CONFIG, PrivateAppTokenProvider],
  useFactory: (config: HubspotConfig, privateApp: PrivateAppTokenProvider): TokenProvider => {
    switch (config.auth.type) {
      case 'private-app':
        return privateApp;
      default:
        throw new Error(`auth.type '${config.auth.type}' has no TokenProvider yet`);
    }
  },
};

/** Providers of the auth feature, registered by HubspotModule. */
export const AUTH_PROVIDERS: Provider[] = [PrivateAppTokenProvider, tokenProvider];

/** What HubspotModule exports of the auth feature. */
export const AUTH_EXPORTS: Array<Provider | string | symbol | Type> = [TokenProvider];

/** Controllers of the auth feature for these extras (paths are set here). */
export function authControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
