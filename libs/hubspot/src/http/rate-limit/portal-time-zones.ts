import { Injectable } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';

/** Called once per portal whose zone is asked for but not known yet. */
export type UnknownZoneListener = (portalId: number) => void;

/**
 * Each HubSpot account's IANA time zone (its daily budget resets at its midnight): a configured per-portal
 * override, else a zone learned from HubSpot (see `auth/oauth/portal-time-zone.learner.ts`), else
 * `limits.portalTimeZone`. A store only: `zoneOf` never waits and never calls HubSpot itself.
 */
@Injectable()
export class PortalTimeZones {
  private readonly known = new Map<number, string>();
  private readonly listeners: UnknownZoneListener[] = [];

  constructor(@InjectHubspotConfig() private readonly config: HubspotConfig) {}

  /** The zone to use now; tells the listeners when the portal's zone is unknown. */
  zoneOf(portalId?: number): string {
    if (portalId === undefined) return this.config.limits.portalTimeZone;
    const zone = this.knownZone(portalId);
    if (zone) return zone;
    for (const listener of this.listeners) listener(portalId);
    return this.config.limits.portalTimeZone;
  }

  /** The configured or learned zone, if any. */
  knownZone(portalId: number): string | undefined {
    return this.config.limits.portalTimeZones[String(portalId)] ?? this.known.get(portalId);
  }

  remember(portalId: number, zone: string): void {
    this.known.set(portalId, zone);
  }

  onUnknownZone(listener: UnknownZoneListener): void {
    this.listeners.push(listener);
  }
}
