// The public surface of @app/hubspot (the published package's main entry): what a host application uses.
// Test knobs (queue names, timings, config resolution, signature helpers, Redis tokens) live in ./testing.

// The module, its options and what the host adds to its DataSource
export { HubspotModule } from './hubspot.module';
export { HubspotModuleOptions, RedisOptions, MetricsOptions } from './config/hubspot.options';
export type { HubspotObjectsOptions } from './config/hubspot.options';
export type {
  HubspotObjectDeclaration,
  HubspotPropertyDeclaration,
  HubspotPropertyReference,
  HubspotCustomProperty,
  PropertyOwner,
  PropertyDefinition,
  PropertyOption,
  PropertyType,
  PropertyFieldType,
} from './model/property-definition';
export type { HubspotModuleExtras } from './config/hubspot.options';
export { HUBSPOT_API_VERSIONS } from './config/api-versions';
export type { HubspotApiVersion } from './config/api-versions';
export { STATIC_TOKEN_KINDS } from './config/auth.options';
export type { AuthType, StaticTokenKind } from './config/auth.options';
export { HUBSPOT_TIERS } from './config/http.options';
export type { HubspotTier } from './config/http.options';
export { HUBSPOT_ENTITIES } from './hubspot.entities';
export { HUBSPOT_MIGRATIONS } from './migrations';

// Errors (every HubSpot failure is a typed HubspotError) and the filter that maps them for HTTP callers
export * from './errors';

// The way out, for calls the CRM services do not cover
export { HubspotHttpClient } from './http/hubspot-http.client';
export { HubspotPaths } from './http/hubspot-paths';
export type {
  ObjectBatchOperation,
  AssociationBatchOperation,
  ListMembershipOperation,
} from './http/hubspot-paths';
export type { RequestOptions } from './http/hubspot-http.client';
export type {
  Lane,
  Bucket,
  HubspotRequest,
  HubspotResponse,
  HubspotObject,
} from './http/hubspot-request.types';
export { HubspotTelemetry } from './http/hubspot-telemetry';
export type { HubspotCallEvent, HubspotRateLimitedEvent, HubspotBudgetEvent } from './http/hubspot-telemetry';

// Scopes: what each feature needs, checked at boot
export { HUBSPOT_FEATURES } from './model/hubspot-feature';
export type { HubspotFeature } from './model/hubspot-feature';
export { FEATURE_SCOPES } from './auth/scopes/feature-scopes';
export type { ScopeNeed, MissingScope } from './auth/scopes/feature-scopes';
export { ScopeCheckService } from './auth/scopes/scope-check.service';
export type { ScopeCheckResult } from './auth/scopes/scope-check.service';

// OAuth for many portals
export { OAuthPortalsService } from './auth/oauth/oauth-portals.service';
export type { OAuthDisconnectResult } from './auth/oauth/oauth-portals.service';
export { OAuthInstallService } from './auth/oauth/oauth-install.service';
export type { OAuthPortalInfo } from './auth/oauth/oauth-token.types';
export { HubspotOAuthToken } from './auth/oauth/hubspot-oauth-token.entity';
export type { OAuthPortalStatus } from './auth/oauth/hubspot-oauth-token.entity';

// CRM services
export { ContactsService } from './crm/contacts/contacts.service';
export type { ContactIntent } from './crm/contacts/contact.types';
export type { ContactKey } from './model/contact-identity';
export { contactLocalKey } from './model/contact-identity';
export { normaliseDomain } from './model/normalise-domain';
export type { PropertyValue } from './model/property-value';
export { CompaniesService } from './crm/companies/companies.service';
export type { CompanyIntent } from './crm/companies/companies.service';
export { AssociationsService } from './crm/associations/associations.service';
export type { AssociationLink } from './crm/associations/associations.service';
export { ASSOCIATION_TYPES } from './crm/associations/association.types';
export type {
  AssociationSpec,
  AssociationType,
  AssociationCategory,
  IdPair,
  QueuedAssociation,
} from './crm/associations/association.types';
export { DealsService } from './crm/deals/deals.service';
export type { SaleEvent, SaleResult, QueuedSale } from './crm/deals/deal.types';
export { LineItemsService } from './crm/line-items/line-items.service';
export type { LineItemInput } from './crm/line-items/line-items.service';
export { ListsService } from './crm/lists/lists.service';
export type { MembershipChange } from './crm/lists/lists.service';
export { PropertiesService } from './crm/properties/properties.service';
export type { PropertyCheck, EnsureOptions } from './crm/properties/properties.service';
export { EngagementsService } from './crm/engagements/engagements.service';
export type { EngagementType } from './crm/engagements/engagements.service';
export { CrmObjectsService } from './crm/objects/crm-objects.service';
export type { ObjectIntent } from './crm/objects/crm-objects.service';
export type { CrmCallOptions, CrmWriteOptions, QueuedWriteOptions } from './crm/shared/portal-scoped';
export type { QueuedIntent } from './crm/shared/queued-intent';
export { HubspotGdprAudit } from './crm/gdpr/hubspot-gdpr-audit.entity';
export type { GdprEraseOptions } from './crm/gdpr/gdpr.service';

// The sync engine: ledger, dead letters, what it did
export { DeadLettersService } from './engine/dead-letters/dead-letters.service';
export { HubspotDeadLetter } from './engine/dead-letters/hubspot-dead-letter.entity';
export type { DeadLetterStatus } from './engine/dead-letters/hubspot-dead-letter.entity';
export type { DeadLetterFilter } from './engine/dead-letters/dead-letter.types';
export { SyncLedgerService } from './engine/ledger/sync-ledger.service';
export { HubspotObjectMap } from './engine/ledger/hubspot-object-map.entity';
export { SyncEvents } from './engine/sync-events';
export type { SyncedEvent, DeadLetteredEvent, SkippedEvent } from './engine/sync-events';
export type { UpsertResult, UpsertStatus, DirectUpsertOptions } from './engine/direct/direct-upsert.types';

// Many portals: each portal's queued records, parked state and budget (health, metrics, admin API)
export { PortalBacklogReader } from './engine/dispatch/portal-backlog.reader';
export type { PortalDispatchState } from './engine/dispatch/portal-backlog.reader';
export type { PortalBacklog, LaneBacklog, PortalPark, ParkReason } from './engine/dispatch/dispatch.types';
export type { BudgetUsage } from './http/rate-limit/rate-limit.store';

// The transactional outbox: `{ transaction }` on the queued writes, and its relay's state
export type { OutboxTransaction } from './engine/outbox/outbox.types';
export { HubspotOutbox } from './engine/outbox/hubspot-outbox.entity';
export { OutboxRelay } from './engine/outbox/outbox.relay';
export type { OutboxStatus, OutboxRelayState } from './engine/outbox/outbox.relay';

// Backfill, reconciliation and the host's sources
export { HubspotContactSource, HubspotCompanySource } from './crm/sources/source.decorators';
export type {
  ContactSource,
  CompanySource,
  SourceContact,
  SourceCompany,
  SourcePage,
  SourcePageRequest,
  SourceChangesRequest,
  ContactKeys,
  SourcePropertyValue,
} from './crm/sources/source.types';
export { BackfillService } from './runs/backfill/backfill.service';
export type { StartBackfillOptions } from './runs/backfill/backfill.service';
export { ReconciliationService } from './runs/reconciliation/reconciliation.service';
export type { StartReconciliationOptions } from './runs/reconciliation/reconciliation.service';
export { SyncRunsControl } from './runs/sync-runs.control';
export { HubspotSyncRun } from './runs/hubspot-sync-run.entity';
export type { SyncRunView } from './runs/sync-run.view';
export type {
  SyncRunKind,
  SyncRunScope,
  SyncRunStatus,
  SyncRunPhase,
  SyncRunReport,
  PhaseCounts,
  DryRunEstimate,
  ReconcileReport,
} from './runs/sync-run.types';

// Webhooks in
export { HubspotWebhookHandler } from './webhooks/webhook-handler.decorator';
export type { HubspotWebhookHandlerOptions } from './webhooks/webhook-handler.decorator';
export type {
  HubspotWebhookEvent,
  HubspotSubscriptionType,
  HubspotWebhookSubscription,
  WebhookHandlerContext,
  WebhookEventStatus,
} from './webhooks/webhook-event.types';
export { WebhookEventsService } from './webhooks/webhook-events.service';
export type { WebhookEventFilter, WebhookEventCounts } from './webhooks/webhook-events.service';
export { HubspotWebhookEventEntity } from './webhooks/webhook-event.entity';

// Operators: admin REST and CLI
export { HubspotAdminGuard } from './admin/hubspot-admin.guard';
export type { AdminGuardOption } from './config/admin.options';
export { runHubspotCli } from './cli/hubspot-cli';
export type { HubspotCliIo } from './cli/hubspot-cli';

// Health and metrics
export { HubspotHealthIndicator } from './health/hubspot-health.indicator';
export type { HubspotHealthOptions, HubspotHealthResult } from './health/hubspot-health.indicator';
export { HubspotMetrics } from './metrics/hubspot-metrics';
