import { Provider } from '@nestjs/common';
import { BudgetTracker } from './budget-tracker';
import { HubspotHttpClient } from './hubspot-http.client';
import { HubspotTelemetry } from './hubspot-telemetry';
import { PortalBudgetReader } from './rate-limit/portal-budget.reader';
import { PortalRateLimiter } from './rate-limit/portal-rate-limiter';
import { PortalTimeZones } from './rate-limit/portal-time-zones';

/** The way out to HubSpot: the client, the shared rate limiter and what they observe. */
export const HTTP_PROVIDERS: Provider[] = [
  HubspotTelemetry,
  BudgetTracker,
  PortalTimeZones,
  PortalRateLimiter,
  PortalBudgetReader,
  HubspotHttpClient,
];

export const HTTP_EXPORTS = [HubspotTelemetry, PortalRateLimiter, HubspotHttpClient];
