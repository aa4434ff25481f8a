import { Provider, Type } from '@nestjs/common';
import { HUBSPOT_REDIS } from '../config/hubspot.constants';
import { ResolvedExtras } from '../hubspot-extras';
import { HubspotHttpClient } from './hubspot-http.client';
import { HubspotRedisCloser, hubspotRedisProvider } from '../redis/hubspot-redis.provider';
import { HubspotTelemetry } from './hubspot-telemetry';
import { PortalRateLimiter } from './rate-limit/portal-rate-limiter';
import { PortalTimeZones } from './rate-limit/portal-time-zones';
import { RateLimitInterceptor } from './rate-limit/rate-limit.interceptor';

/** Providers of the http feature, registered by HubspotModule. */
export const HTTP_PROVIDERS: Provider[] = [
  hubspotRedisProvider,
  HubspotRedisCloser,
  HubspotTelemetry,
  PortalTimeZones,
  PortalRateLimiter,
  RateLimitInterceptor,
  HubspotHttpClient,
];

/** What HubspotModule exports of the http feature. */
export const HTTP_EXPORTS: Array<Provider | string | symbol | Type> = [
  HUBSPOT_REDIS,
  HubspotTelemetry,
  PortalRateLimiter,
  PortalTimeZones,
  HubspotHttpClient,
];

/** Controllers of the http feature for these extras (paths are set here). */
export function httpControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
