import { Inject, Injectable, Logger } from '@nestjs/common';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { OAuthStateError } from '../../errors/oauth-state.error';
import { OAuthApiClient } from './oauth-api.client';
import { OAuthInstallEvents } from './oauth-install.events';
import { browserHash, InstallCookieScope, newBrowserNonce, sameBrowser } from './oauth-install.cookie';
import { resolveReturnTo } from './oauth-return-to';
import { OAuthStateSigner } from './oauth-state.signer';
import { OAuthTokenProvider } from './oauth-token.provider';
import { OAuthTokenStore } from './oauth-token.store';

export interface OAuthInstallResult {
  portalId: number;
  scopes: string[];
  hubDomain?: string;
  returnTo?: string;
}

/** Where to send the browser, and the nonce its install cookie must hold when it comes back. */
export interface OAuthInstallStart {
  url: string;
  browserNonce: string;
}

/**
 * The install flow: HubSpot's authorize URL with a signed state bound to the browser, then (only for that
 * browser, once) code exchange, introspection, storage.
 */
@Injectable()
export class OAuthInstallService {
  private readonly logger = new Logger(OAuthInstallService.name);
  private signerInstance?: OAuthStateSigner;

  constructor(
    private readonly api: OAuthApiClient,
    private readonly store: OAuthTokenStore,
    private readonly tokens: OAuthTokenProvider,
    private readonly events: OAuthInstallEvents,
    @Inject(HUBSPOT_REDIS) private readonly redis: HubspotRedis,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
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

  /**
   * Where to send the browser to install (or re-install) the app. Throws OAuthReturnToError when
   * `returnTo` would leave the app's origin. The caller puts `browserNonce` in the install cookie.
   */
  start(returnTo?: unknown): OAuthInstallStart {
    const { auth } = this.config;
    const target = resolveReturnTo(returnTo, this.appOrigin);
    const browserNonce = newBrowserNonce();
    const url = new URL(auth.authorizeUrl);
    url.searchParams.set('client_id', auth.clientId ?? '');
    url.searchParams.set('redirect_uri', auth.redirectUri ?? '');
    url.searchParams.set('scope', (auth.scopes ?? []).join(' '));
    if (auth.optionalScopes?.length) url.searchParams.set('optional_scope', auth.optionalScopes.join(' '));
    url.searchParams.set('state', this.signer.sign({ browser: browserHash(browserNonce), returnTo: target }));
    return { url: url.toString(), browserNonce };
  }

  /**
   * Handles HubSpot's redirect back. Everything that can refuse it (signature, expiry, the browser's
   * cookie, returnTo, single use) is checked before HubSpot is called; then the code is exchanged and the
   * tokens stored.
   */
  async complete(
    code: string,
    state: string | undefined,
    browserNonce?: string,
  ): Promise<OAuthInstallResult> {
    const payload = this.signer.verify(state);
    if (!sameBrowser(browserNonce, payload.browser)) throw new OAuthStateError('browser-mismatch');
    const returnTo = resolveReturnTo(payload.returnTo, this.appOrigin);
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
    return { portalId: info.hubId, scopes: info.scopes, hubDomain: info.hubDomain, returnTo };
  }

  /** The install cookie lives on the callback's path of redirectUri's origin, as long as a state does. */
  get cookieScope(): InstallCookieScope {
    const callback = new URL(this.config.auth.redirectUri ?? '');
    return {
      path: callback.pathname,
      maxAgeMs: this.config.auth.stateTtlMs,
      secure: callback.protocol === 'https:',
    };
  }

  /** The app's public origin: that of redirectUri, where HubSpot sends the browser back. */
  private get appOrigin(): string {
    return new URL(this.config.auth.redirectUri ?? '').origin;
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
