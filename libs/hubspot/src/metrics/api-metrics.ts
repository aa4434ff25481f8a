import {
  HubspotBudgetEvent,
  HubspotCallEvent,
  HubspotRateLimitedEvent,
  HubspotTelemetry,
} from '../http/hubspot-telemetry';
import { MetricGroup, Registers } from './metric-group';
import { PromClientModule } from './prom-client.peer';
import { normaliseRoute } from './route-normaliser';

/** Calls, 429s and the budget HubSpot reports, fed by the HTTP client's telemetry. */
export function apiMetrics(
  client: PromClientModule,
  registers: Registers,
  telemetry: HubspotTelemetry,
): MetricGroup {
  const calls = new client.Counter({
    name: 'hubspot_api_calls_total',
    help: 'HubSpot API call attempts by portal, method, route, status (0 = network error) and lane',
    labelNames: ['portal', 'method', 'route', 'status', 'lane'],
    registers,
  });
  const duration = new client.Histogram({
    name: 'hubspot_api_call_duration_seconds',
    help: 'HubSpot API call attempt duration',
    labelNames: ['method', 'route'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const rateLimited = new client.Counter({
    name: 'hubspot_rate_limited_total',
    help: '429 answers from HubSpot by portal and policy (TEN_SECONDLY_ROLLING, SECONDLY, DAILY)',
    labelNames: ['portal', 'policy'],
    registers,
  });
  const remaining = new client.Gauge({
    name: 'hubspot_rate_limit_remaining',
    help: 'Calls left in the rolling window, as HubSpot last reported',
    labelNames: ['portal'],
    registers,
  });
  const max = new client.Gauge({
    name: 'hubspot_rate_limit_max',
    help: 'Calls allowed per rolling window, as HubSpot last reported',
    labelNames: ['portal'],
    registers,
  });
  const dailyRemaining = new client.Gauge({
    name: 'hubspot_daily_remaining',
    help: 'Calls left today for the portal, as HubSpot last reported',
    labelNames: ['portal'],
    registers,
  });

  const onCall = (e: HubspotCallEvent) => {
    const route = normaliseRoute(e.route);
    calls.inc({ portal: e.portalId, method: e.method, route, status: e.status, lane: e.lane });
    duration.observe({ method: e.method, route }, e.durationMs / 1000);
  };
  const onRateLimited = (e: HubspotRateLimitedEvent) =>
    rateLimited.inc({ portal: e.portalId, policy: e.policyName });
  const onBudget = (e: HubspotBudgetEvent) => {
    remaining.set({ portal: e.portalId }, e.remaining);
    max.set({ portal: e.portalId }, e.max);
    if (e.dailyRemaining !== undefined) dailyRemaining.set({ portal: e.portalId }, e.dailyRemaining);
  };
  telemetry.on('call', onCall).on('rate-limited', onRateLimited).on('budget', onBudget);
  return {
    metrics: [calls, duration, rateLimited, remaining, max, dailyRemaining],
    stop: () => telemetry.off('call', onCall).off('rate-limited', onRateLimited).off('budget', onBudget),
  };
}
