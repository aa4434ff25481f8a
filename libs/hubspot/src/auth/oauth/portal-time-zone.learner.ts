import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { PortalTimeZones } from '../../http/rate-limit/portal-time-zones';
import { isTimeZone } from '../../model/time-zone';
import { SingleFlight } from '../../model/single-flight';

/** What a learned zone is cached for (a portal's zone rarely changes). */
export const TIME_ZONE_TTL_SECONDS = 86_400;
/** How long after a failed lookup the portal is asked again. */
const RETRY_AFTER_FAILURE_MS = 15 * 60_000;

interface AccountDetails {
  timeZone?: unknown;
}

/**
 * Learns the time zones of OAuth portals, which the host cannot list in advance: once per portal, in the
 * background, from HubSpot's account details; cached in Redis for every process and in the zone store. A
 * private app acts for one portal whose zone the host configures, so it spends none of its budget on this.
 */
@Injectable()
export class PortalTimeZoneLearner implements OnModuleInit {
  private readonly logger = new Logger(PortalTimeZoneLearner.name);
  private readonly learning = new SingleFlight<number, string>();
  private readonly failedAt = new Map<number, number>();
  private readonly warned = new Set<number>();

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    @Inject(HUBSPOT_REDIS) private readonly redis: HubspotRedis,
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
    private readonly zones: PortalTimeZones,
  ) {}

  private get learns(): boolean {
    return this.config.auth.type === 'oauth';
  }

  onModuleInit(): void {
    if (this.learns) this.zones.onUnknownZone((portalId) => void this.resolve(portalId));
  }

  /** The portal's zone once learning (if any) settles. Never rejects: falls back to the configured default. */
  resolve(portalId: number): Promise<string> {
    const zone = this.zones.knownZone(portalId);
    if (zone) return Promise.resolve(zone);
    const fallback = this.config.limits.portalTimeZone;
    if (!this.learns) return Promise.resolve(fallback);
    const failed = this.failedAt.get(portalId);
    if (failed !== undefined && Date.now() - failed < RETRY_AFTER_FAILURE_MS)
      return Promise.resolve(fallback);
    return this.learning.run(portalId, () => this.learn(portalId));
  }

  private async learn(portalId: number): Promise<string> {
    const key = `${this.config.redis.keyPrefix}:tz:${portalId}`;
    const cached = await this.redis.get(key).catch(() => null);
    if (cached && isTimeZone(cached)) return this.remember(portalId, cached);
    try {
      const res = await this.http.get<AccountDetails>(this.paths.accountDetails(), {
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
    this.zones.remember(portalId, zone);
    return zone;
  }
}
