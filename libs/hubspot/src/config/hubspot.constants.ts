/** DI tokens, queue names and metadata keys shared across the module. */
/** The options as the host passed them (HubspotModule.forRoot / forRootAsync). */
export const HUBSPOT_MODULE_OPTIONS = Symbol('HUBSPOT_MODULE_OPTIONS');
/** The resolved configuration: options validated, every default applied (see InjectHubspotConfig). */
export const HUBSPOT_CONFIG = Symbol('HUBSPOT_CONFIG');
export const HUBSPOT_REDIS = Symbol('HUBSPOT_REDIS');

/** Bull config key: the module's queues never use the host's default Bull configuration. */
export const HUBSPOT_BULL_CONFIG_KEY = 'hubspot-sync';

export const WEBHOOKS_QUEUE = 'hubspot-webhooks';
export const RUNS_QUEUE = 'hubspot-runs';
/** Deals of sales events written in the host's transaction (relayed from the outbox). */
export const SALES_QUEUE = 'hubspot-sales';

export const HUBSPOT_WEBHOOK_HANDLER = 'hubspot:webhook-handler';

export const DEFAULT_BASE_URL = 'https://api.hubapi.com';
export const DEFAULT_AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';

/** Portal id used in private-app mode when the host does not name its portal. */
export const DEFAULT_PORTAL_ID = 0;
