import { Provider, Type } from '@nestjs/common';
import { OAuthApiClient } from './oauth-api.client';
import { OAuthInstallService } from './oauth-install.service';
import { OAuthPortalsService } from './oauth-portals.service';
import { OAuthRefreshService } from './oauth-refresh.service';
import { OAuthTokenProvider } from './oauth-token.provider';
import { OAuthTokenStore } from './oauth-token.store';

/** OAuth's providers; idle (and key-less) unless `auth.type` is 'oauth'. */
export const OAUTH_PROVIDERS: Provider[] = [
  OAuthTokenStore,
  OAuthApiClient,
  OAuthRefreshService,
  OAuthTokenProvider,
  OAuthInstallService,
  OAuthPortalsService,
];

export const OAUTH_EXPORTS: Type[] = [OAuthPortalsService, OAuthInstallService];
