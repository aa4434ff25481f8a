// @app/hubspot/testing (the published package's `/testing` entry): knobs for the host's own tests and for
// this repository's suites. Not needed to run the module; names here may change between minor versions.

export { resolveHubspotConfig } from './config/hubspot.config';
export type { HubspotConfig } from './config/hubspot.config';
export { InjectHubspotConfig } from './config/inject-hubspot-config.decorator';
export { DEFAULT_API_VERSION, apiVersionLifecycle, apiVersionStatus } from './config/api-versions';
export { configWarnings } from './config/config-warnings';
export {
  HUBSPOT_CONFIG,
  HUBSPOT_MODULE_OPTIONS,
  HUBSPOT_REDIS,
  WEBHOOKS_QUEUE,
  RUNS_QUEUE,
  SALES_QUEUE,
} from './config/hubspot.constants';
export { TokenProvider } from './http/token-provider';
export { HTTP_PROVIDERS } from './http/http.providers';
export { PortalRateLimiter } from './http/rate-limit/portal-rate-limiter';
export type { PermitOffer } from './http/rate-limit/portal-rate-limiter';
export { PortalBudgetReader } from './http/rate-limit/portal-budget.reader';
export type { PortalBudgetUsage, MinuteUsage } from './http/rate-limit/portal-budget.reader';
export type { RatePermit } from './http/rate-limit/rate-limit.store';
export { PortalTimeZones } from './http/rate-limit/portal-time-zones';
export { nextDailyReset } from './http/rate-limit/daily-reset';
export { StaticTokenProvider } from './auth/static-token.provider';
/** @deprecated renamed StaticTokenProvider */
export { StaticTokenProvider as PrivateAppTokenProvider } from './auth/static-token.provider';
export { PortalTimeZoneLearner } from './auth/oauth/portal-time-zone.learner';
export { SYNC_RUN_TIMING, DEFAULT_SYNC_RUN_TIMING } from './runs/sync-run.timing';
export type { SyncRunTiming } from './runs/sync-run.timing';
export {
  ReconciliationScheduler,
  RECONCILIATION_CRON_NAME,
} from './runs/reconciliation/reconciliation.scheduler';
export { WebhooksWorker } from './webhooks/webhooks.worker';
export { signatureV1, signatureV2, signatureV3 } from './webhooks/webhook-signature';
export { WEBHOOK_CONTEXT_TYPE } from './webhooks/webhook-handler.registry';
export { REDIS_PROVIDERS } from './redis/redis.providers';
export { DispatchStore } from './engine/dispatch/dispatch.store';
export { PortalIndex } from './engine/dispatch/portal-index';
export { PortalStateStore } from './engine/dispatch/portal-state.store';
export { PortalIndexSweeper } from './engine/dispatch/portal-index.sweeper';
export { memberOf } from './engine/dispatch/dispatch.queue';
export { OutboxRelay } from './engine/outbox/outbox.relay';
export type { OutboxStatus, OutboxRelayState } from './engine/outbox/outbox.relay';
export { OutboxStore } from './engine/outbox/outbox.store';
export { QueueBacklogReader } from './engine/workers/queue-backlog.reader';
