import { Inject, Injectable, Logger } from '@nestjs/common';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { setTimeout as sleep } from 'node:timers/promises';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotTransientError } from '../../errors/hubspot-transient.error';
import { HubspotError } from '../../errors/hubspot.error';
import { HubspotPortalNotInstalledError } from '../../errors/hubspot-portal-not-installed.error';
import { HubspotReinstallRequiredError } from '../../errors/hubspot-reinstall-required.error';
import { isBadRefreshToken, OAuthApiClient, REFRESH_ATTEMPTS } from './oauth-api.client';
import { OAuthTokenStore } from './oauth-token.store';
import { StoredPortalToken } from './oauth-token.types';
import { HeldLock, RedisLock } from '../../redis/redis-lock';
import { SingleFlight } from '../../model/single-flight';

const POLL_MS = 50;
/** How long a process waits for another one's refresh while its own copy of the token is still valid. */
const VALID_TOKEN_WAIT_MS = 2_000;

/**
 * Refreshes a portal's access token ahead of expiry, once: concurrent callers in this process share one
 * promise (single-flight); across processes a Redis lock elects one refresher and the others wait, then
 * re-read the stored token instead of refreshing again. Never triggered by a 401.
 */
@Injectable()
export class OAuthRefreshService {
  private readonly logger = new Logger(OAuthRefreshService.name);
  private readonly inflight = new SingleFlight<number, StoredPortalToken>();
  private readonly lock: RedisLock;

  constructor(
    private readonly store: OAuthTokenStore,
    private readonly api: OAuthApiClient,
    @Inject(HUBSPOT_REDIS) redis: HubspotRedis,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
  ) {
    this.lock = new RedisLock(redis);
  }

  /** True when the token is inside the refresh margin (or past expiry). */
  needsRefresh(token: Pick<StoredPortalToken, 'expiresAt'>, now = Date.now()): boolean {
    return token.expiresAt - this.config.auth.refreshMarginMs <= now;
  }

  /** A token that is not about to expire: the stored one if still fresh, else a refreshed one. */
  ensureFresh(portalId: number): Promise<StoredPortalToken> {
    return this.inflight.run(portalId, () => this.refreshAcrossProcesses(portalId));
  }

  private async refreshAcrossProcesses(portalId: number): Promise<StoredPortalToken> {
    const lockTtlMs = this.lockTtlMs();
    const started = Date.now();
    for (;;) {
      const current = await this.loadUsable(portalId);
      if (!this.needsRefresh(current)) return current;
      const lock = await this.acquire(portalId, lockTtlMs);
      if (lock !== 'busy') {
        try {
          // Re-read under the lock: the previous holder may have refreshed between our read and our lock.
          const latest = await this.loadUsable(portalId);
          return this.needsRefresh(latest) ? await this.refreshNow(latest) : latest;
        } finally {
          await lock?.release().catch(() => undefined);
        }
      }
      // Another process is refreshing. A still-valid token is good enough after a short wait; an expired one
      // is worth waiting for until that process's lock would have expired.
      const waited = Date.now() - started;
      if (current.expiresAt > Date.now() && waited >= VALID_TOKEN_WAIT_MS) return current;
      if (waited > lockTtlMs + POLL_MS) {
        throw new HubspotTransientError(
          `Timed out waiting for another process to refresh portal ${portalId}`,
          {
            portalId,
          },
        );
      }
      await sleep(POLL_MS);
    }
  }

  private async refreshNow(token: StoredPortalToken): Promise<StoredPortalToken> {
    const { portalId } = token;
    let fresh;
    try {
      fresh = await this.api.refresh(token.refreshToken, portalId);
    } catch (err) {
      if (isBadRefreshToken(err)) {
        const code = refusalCode(err);
        await this.store.markNeedsReinstall(portalId, `${code}: HubSpot refused the refresh token`);
        this.logger.error(
          `Portal ${portalId} needs re-install: HubSpot refused its refresh token (${code}). ` +
            'Its work is parked until the app is installed again.',
        );
        throw new HubspotReinstallRequiredError(portalId, { status: 400 });
      }
      // The old token is still valid (we refresh ahead of expiry): keep working with it, retry later.
      if (token.expiresAt > Date.now()) {
        this.logger.warn(`Refreshing portal ${portalId} failed (${describe(err)}); using its current token`);
        return token;
      }
      throw err;
    }
    const wrote = await this.store.saveRefreshed(portalId, token.tokenVersion, fresh);
    if (!wrote) {
      // Someone re-installed or disconnected meanwhile: their row wins.
      this.logger.warn(`Portal ${portalId} changed while refreshing; keeping the stored tokens`);
      return this.loadUsable(portalId);
    }
    this.logger.log(`Refreshed the access token of portal ${portalId}`);
    return { ...token, ...fresh, tokenVersion: token.tokenVersion + 1 };
  }

  private async loadUsable(portalId: number): Promise<StoredPortalToken> {
    const token = await this.store.load(portalId);
    if (!token) throw new HubspotPortalNotInstalledError(portalId);
    if (token.status === 'needs_reinstall') throw new HubspotReinstallRequiredError(portalId);
    return token;
  }

  /** The held lock, null when Redis is unreachable (refresh anyway: a double refresh is harmless), or 'busy'. */
  private async acquire(portalId: number, ttlMs: number): Promise<HeldLock | null | 'busy'> {
    const key = `${this.config.redis.keyPrefix}:oauth:refresh-lock:${portalId}`;
    try {
      return (await this.lock.tryAcquire(key, { ttlMs })) ?? 'busy';
    } catch (err) {
      this.logger.warn(
        `Refresh lock unavailable (${describe(err)}); refreshing portal ${portalId} without it`,
      );
      return null;
    }
  }

  /** Outlives one refresh call with its one retry; short enough that a crashed holder is replaced soon. */
  private lockTtlMs(): number {
    return this.config.http.timeoutMs * REFRESH_ATTEMPTS + 5_000;
  }
}

/** RFC 6749's code and HubSpot's own, as far as the answer had them: `invalid_grant (BAD_REFRESH_TOKEN)`. */
function refusalCode(err: HubspotError): string {
  const rfc = typeof err.context?.['error'] === 'string' ? err.context['error'] : undefined;
  const hubspot = err.category && err.category !== rfc ? err.category : undefined;
  return [rfc, hubspot && rfc ? `(${hubspot})` : hubspot].filter(Boolean).join(' ') || 'refused';
}

function describe(err: unknown): string {
  return err instanceof Error ? err.name : 'unknown error';
}
