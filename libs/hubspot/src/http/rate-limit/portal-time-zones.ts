import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import Redis from 'ioredis';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_CONFIG, HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { isTimeZone } from './daily-reset';
import { HubspotHttpClient } from '../hubspot-http.client';

/** What a learned zone is cached for (a portal's zone rarely changes). */
export const TIME_ZONE_TTL_SECONDS = 86_400;
/** How long after a failed lookup the portal is asked again. */
const RETRY_AFTER_FAILURE_MS = 15 * 60_000;

interface AccountDetails {
  timeZone?: unknown;
}

export type HttpClientRef = () => Pick<HubspotHttpClient, 'get'>;

/**
 * Each HubSpot account's IANA time zone (its daily budget resets at its midnight): a configured
 * per-portal override, else (OAuth) learned once from `GET /account-info/v3/details` and cached in
 * Redis and memory, else `limits.portalTimeZone`. `zoneOf` never waits: learning runs in the background.
 */
@Injectable()
export class PortalTimeZones {
  private readonly logger = new Logger(PortalTimeZones.name);
  private readonly known = new Map<number, string>();
  private readonly learning = new Map<number, Promise<string>>();
  private readonly failedAt = new Map<number, number>();
  private readonly warned = new Set<number>();
  private readonly client: HttpClientRef;

  constructor(
    @Inject(HUBSPOT_CONFIG) private readonly config: HubspotConfig,
    @Inject(HUBSPOT_REDIS) private readonly redis: Redis,
    moduleRef: ModuleRef,
  ) {
    this.client = clientFrom(moduleRef);
  }

  /**
   * Only OAuth hosts learn zones: they serve many portals the host cannot list in advance. A private app
   * acts for one portal whose zone the host configures, so it spends none of that portal's budget on it.
   */
  private get learns(): boolean {
    return this.config.auth.type === 'oauth';
  }

  /** The zone to use now; starts learning it in the background when unknown. */
  zoneOf(portalId?: number): string {
    if (portalId === undefined) return this.config.limits.portalTimeZone;
    const zone = this.override(portalId) ?? this.known.get(portalId);
    if (zone) return zone;
    if (this.learns) void this.resolve(portalId);
    return this.config.limits.portalTimeZone;
  }

  /** The zone once learning (if any) settles. Never rejects: falls back to the configured default. */
  resolve(portalId: number): Promise<string> {
    const zone = this.override(portalId) ?? this.known.get(portalId);
    if (zone) return Promise.resolve(zone);
    if (!this.learns) return Promise.resolve(this.config.limits.portalTimeZone);
    const failed = this.failedAt.get(portalId);
    if (failed !== undefined && Date.now() - failed < RETRY_AFTER_FAILURE_MS)
      return Promise.resolve(this.config.limits.portalTimeZone);
    let pending = this.learning.get(portalId);
    if (!pending) {
      pending = this.learn(portalId).finally(() => this.learning.delete(portalId));
      this.learning.set(portalId, pending);
    }
    return pending;
  }

  private override(portalId: number): string | undefined {
    return this.config.limits.portalTimeZones[String(portalId)];
  }

  private async learn(portalId: number): Promise<string> {
    const key = `${this.config.redis.keyPrefix}:tz:${portalId}`;
    const cached = await this.redis.get(key).catch(() => null);
    if (cached && isTimeZone(cached)) return this.remember(portalId, cached);
    try {
      const res = await this.client().get<AccountDetails>('/account-info/v3/details', {
        portalId,
        lane: 'live',
        maxAttempts: 2,
      });
      const zone = res.data?.timeZone;
      if (typeof zone !== 'string' || !isTimeZone(zone))
        throw new Error(`unusable timeZone ${JSON.stringify(zone)}`);
      await this.redis.set(key, zone, 'EX', TIME_ZONE_TTL_SECONDS).catch(() => undefined);
      this.failedAt.delete(portalId);
      return this.remember(portalId, zone);
    } catch (err) {
      this.failedAt.set(portalId, Date.now());
      const fallback = this.config.limits.portalTimeZone;
      const msg = `Time zone of portal ${portalId} unknown (${(err as Error).message}); daily resets use ${fallback}`;
      if (this.warned.has(portalId)) this.logger.debug(msg);
      else this.logger.warn(msg);
      this.warned.add(portalId);
      return fallback;
    }
  }

  private remember(portalId: number, zone: string): string {
    this.known.set(portalId, zone);
    return zone;
  }
}

/** Resolved at first use (not injected): the client depends on the limiter, which depends on this. */
function clientFrom(moduleRef: ModuleRef): HttpClientRef {
  let client: HubspotHttpClient | undefined;
  return () => {
    client ??= moduleRef.get(HubspotHttpClient, { strict: false });
    if (!client) throw new Error('HubspotHttpClient is not available');
    return client;
  };
}
