import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { Lane } from './hubspot-request.types';

/** One attempt of one call (successful or not). */
export interface HubspotCallEvent {
  portalId: number;
  method: string;
  /** The path without its query string (ids included; metrics normalise it). */
  route: string;
  /** HTTP status, or 0 for a network error / timeout. */
  status: number;
  durationMs: number;
  attempt: number;
  lane: Lane;
  correlationId?: string;
}

export interface HubspotRateLimitedEvent {
  portalId: number;
  policyName: string;
}

export interface HubspotBudgetEvent {
  portalId: number;
  remaining: number;
  max: number;
  dailyRemaining?: number;
}

export interface HubspotTelemetryEvents {
  call: [HubspotCallEvent];
  'rate-limited': [HubspotRateLimitedEvent];
  budget: [HubspotBudgetEvent];
}

/**
 * What the HTTP client observes, for metrics and logs: 'call' after every attempt, 'rate-limited' on
 * every 429, 'budget' whenever HubSpot reports its rate-limit headers. Listeners must not throw.
 */
@Injectable()
export class HubspotTelemetry extends EventEmitter<HubspotTelemetryEvents> {
  constructor() {
    super();
    this.setMaxListeners(50);
  }
}
