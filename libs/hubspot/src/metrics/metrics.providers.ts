import { Provider } from '@nestjs/common';
import { HubspotMetrics } from './hubspot-metrics';

/**
 * Inert unless `metrics.enabled`. No route: metrics join prom-client's default registry (the host's
 * /metrics) or are read through HubspotMetrics.
 */
export const METRICS_PROVIDERS: Provider[] = [HubspotMetrics];

export const METRICS_EXPORTS = [HubspotMetrics];
