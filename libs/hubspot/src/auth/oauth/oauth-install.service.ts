import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { OAuthApiClient } from './oauth-api.client';
import { OAuthInstallEvents } from './oauth-install.events';
import { OAuthStateError, OAuthStateSigner } from './oauth-state.signer';
import { OAuthTokenProvider } from './oauth-token.provider';
import { OAuthTokenStore } from './oauth-token.store';

export interface OAuthInstallResult {
  portalId: number;
  scopes: string[];
  hubDomain?: string;
  returnTo?: string;
}

/** The install flow: HubSpot's authorize URL with a signed state, then code exchange, introspection, storage. */
@Injectable()
export class OAuthInstallService {
  private readonly logger = new Logger(OAuthInstallService.name);
  private signerInstance?: OAuthStateSigner;

  constructor(
    private readonly api: OAuthApiClient,
    private readonly store: OAuthTokenStore,
    private readonly tokens: OAuthTokenProvider,
    @Inject(HUBSPOT_REDIS) private readonly redis: Redis,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly events: OAuthInstallEvents,
  ) {}

  get enabled(): boolean {
    return this.config.auth.type === 'oauth';
  }

  private get signer(): OAuthStateSigner {
    this.signerInstance ??= new OAuthStateSigner(
      this.config.auth.clientSecret ?? '',
      this.config.auth.stateTtlMs,
    );
    return this.signerInstance;
  }

  /** Where to send the browser to install (or re-install) the app. */
  authorizeUrl(returnTo?: string): string {
    const { auth } = this.config;
    const url = new URL(auth.authorizeUrl);
    url.searchParams.set('client_id', auth.clientId ?? '');
    url.searchParams.set('redirect_uri', auth.redirectUri ?? '');
    url.searchParams.set('scope', (auth.scopes ?? []).join(' '));
    if (auth.optionalScopes?.length) url.searchParams.set('optional_scope', auth.optionalScopes.join(' '));
    url.searchParams.set('state', this.signer.sign({ returnTo: safeReturnTo(returnTo) }));
    return url.toString();
  }

  /** Handles HubSpot's redirect back: verifies the state (once), exchanges the code, stores the tokens. */
  async complete(code: string, state: string | undefined): Promise<OAuthInstallResult> {
    const payload = this.signer.verify(state);
    await this.consumeNonce(payload.nonce, payload.expiresAt);
    const tokens = await this.api.exchangeCode(code);
    const info = await this.api.introspect(tokens.accessToken);
    await this.store.saveInstall(info.hubId, tokens, {
      scopes: info.scopes.length ? info.scopes : (this.config.auth.scopes ?? []),
      hubDomain: info.hubDomain ?? null,
      appId: info.appId ?? null,
    });
    this.tokens.forget(info.hubId);
    this.logger.log(`Portal ${info.hubId} installed the app${info.hubDomain ? ` (${info.hubDomain})` : ''}`);
    this.events.emit('installed', info.hubId);
    return {
      portalId: info.hubId,
      scopes: info.scopes,
      hubDomain: info.hubDomain,
      returnTo: payload.returnTo,
    };
  }

  /** A state works once: a replayed callback URL (browser history, logs) cannot install again. */
  private async consumeNonce(nonce: string, expiresAt: number): Promise<void> {
    const key = `${this.config.redis.keyPrefix}:oauth:state:${nonce}`;
    const ttl = Math.max(1, expiresAt - Date.now());
    let first: string | null;
    try {
      first = await this.redis.set(key, '1', 'PX', ttl, 'NX');
    } catch {
      // Redis away: the signed, expiring state still holds, and HubSpot accepts a code only once.
      this.logger.warn('Install state could not be marked as used (Redis unavailable); continuing');
      return;
    }
    if (first !== 'OK') throw new OAuthStateError('replayed');
  }
}

/** Only same-site relative paths: the state must not become an open redirect. */
function safeReturnTo(returnTo?: string): string | undefined {
  return returnTo && /^\/(?![/\\])/.test(returnTo) ? returnTo : undefined;
}
