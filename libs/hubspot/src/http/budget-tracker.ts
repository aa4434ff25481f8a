import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HubspotBudgetEvent, HubspotRateLimitedEvent, HubspotTelemetry } from './hubspot-telemetry';

export interface PortalBudget {
  remaining?: number;
  max?: number;
  dailyRemaining?: number;
  /** 429s HubSpot answered since this process started, by policy name. */
  rateLimited: Record<string, number>;
  updatedAt?: number;
}

/** Keeps the last rate-limit budget HubSpot reported per portal, and the 429s seen, for health reports. */
@Injectable()
export class BudgetTracker implements OnModuleInit, OnApplicationShutdown {
  private readonly portals = new Map<number, PortalBudget>();
  private readonly onBudget = (e: HubspotBudgetEvent) => {
    Object.assign(this.entry(e.portalId), {
      remaining: e.remaining,
      max: e.max,
      dailyRemaining: e.dailyRemaining ?? this.entry(e.portalId).dailyRemaining,
      updatedAt: Date.now(),
    });
  };
  private readonly onRateLimited = (e: HubspotRateLimitedEvent) => {
    const limited = this.entry(e.portalId).rateLimited;
    limited[e.policyName] = (limited[e.policyName] ?? 0) + 1;
  };

  constructor(private readonly telemetry: HubspotTelemetry) {}

  onModuleInit(): void {
    this.telemetry.on('budget', this.onBudget).on('rate-limited', this.onRateLimited);
  }

  onApplicationShutdown(): void {
    this.telemetry.off('budget', this.onBudget).off('rate-limited', this.onRateLimited);
  }

  get(portalId: number): PortalBudget {
    return { ...this.entry(portalId) };
  }

  private entry(portalId: number): PortalBudget {
    let entry = this.portals.get(portalId);
    if (!entry) this.portals.set(portalId, (entry = { rateLimited: {} }));
    return entry;
  }
}
