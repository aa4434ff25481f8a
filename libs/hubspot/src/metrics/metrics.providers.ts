import { Provider, Type } from '@nestjs/common';
import { ResolvedExtras } from '../hubspot-extras';
import { HubspotMetrics } from './hubspot-metrics';

/** Providers of the metrics feature, registered by HubspotModule (inert unless `metrics.enabled`). */
export const METRICS_PROVIDERS: Provider[] = [HubspotMetrics];

/** What HubspotModule exports of the metrics feature. */
export const METRICS_EXPORTS: Array<Provider | string | symbol | Type> = [HubspotMetrics];

/** No route: metrics join prom-client's default registry (the host's /metrics) or are read via HubspotMetrics. */
export function metricsControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
