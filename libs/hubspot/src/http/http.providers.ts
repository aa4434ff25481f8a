import { Provider } from '@nestjs/common';
import { HubspotConfig } from '../config/hubspot.config';
import { HUBSPOT_CONFIG } from '../config/hubspot.constants';
import { BudgetTracker } from './budget-tracker';
import { HubspotPaths } from './hubspot-paths';
import { HubspotHttpClient } from './hubspot-http.client';
import { HubspotTelemetry } from './hubspot-telemetry';
import { PortalBudgetReader } from './rate-limit/portal-budget.reader';
import { PortalRateLimiter } from './rate-limit/portal-rate-limiter';
import { PortalTimeZones } from './rate-limit/portal-time-zones';

/** Every HubSpot path, in the configured API version. */
const pathsProvider: Provider = {
  provide: HubspotPaths,
  inject: [HUBSPOT_CONFIG],
  useFactory: (config: HubspotConfig) => new HubspotPaths(config.apiVersion),
};

/** The way out to HubSpot: the client, its paths, the shared rate limiter and what they observe. */
export const HTTP_PROVIDERS: Provider[] = [
  pathsProvider,
  HubspotTelemetry,
  BudgetTracker,
  PortalTimeZones,
  PortalRateLimiter,
  PortalBudgetReader,
  HubspotHttpClient,
];

export const HTTP_EXPORTS = [HubspotPaths, HubspotTelemetry, PortalRateLimiter, HubspotHttpClient];
