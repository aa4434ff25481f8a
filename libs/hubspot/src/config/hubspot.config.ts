import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DEFAULT_AUTHORIZE_URL, DEFAULT_BASE_URL, DEFAULT_PORTAL_ID } from './hubspot.constants';
import { HUBSPOT_MODULE_EXTRAS, HubspotModuleOptions } from './hubspot.options';
import { AuthOptions, StaticTokenKind } from './auth.options';
import { DEFAULT_API_VERSION, HubspotApiVersion } from './api-versions';
import { HubspotTier } from './http.options';
import { burstDefaults } from './limit-defaults';
import { HubspotConfigError } from '../errors/hubspot-config.error';
import { SignatureVersion } from './webhooks.options';
import { AdminGuardOption } from './admin.options';
import { HubspotFeature } from '../model/hubspot-feature';
import { moduleProperties } from './module-properties';
import { DeclaredObjects, resolveObjects } from './objects.config';
import { validationProblems } from './validation-problems';

/** Options with every default applied: what the module's providers read (token HUBSPOT_CONFIG). */
export interface HubspotConfig {
  baseUrl: string;
  apiVersion: HubspotApiVersion;
  auth: Omit<AuthOptions, 'type' | 'kind'> & {
    type: 'static-token' | 'oauth';
    /** What the static token is, when the host said (or `'private-app'` under the deprecated type name). */
    kind?: StaticTokenKind;
    /** Set when the host used the deprecated `auth.type: 'static-token'`. */
    deprecatedType?: 'private-app';
    portalId: number;
    refreshMarginMs: number;
    authorizeUrl: string;
    stateTtlMs: number;
    checkScopes: boolean;
    failOnMissingScopes: boolean;
    features: HubspotFeature[];
    rateLimitPerMinute: number;
  };
  redis: {
    url?: string;
    host: string;
    port: number;
    password?: string;
    db: number;
    keyPrefix: string;
    cluster?: { nodes: Array<{ host: string; port: number }> };
  };
  http: {
    timeoutMs: number;
    maxAttempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
    connections: number;
  };
  limits: {
    tier?: HubspotTier;
    apiLimitIncreases: number;
    maxPerWindow: number;
    windowMs: number;
    searchPerSecond: number;
    associationsPerWindow: number;
    associationsShareGeneralBudget: boolean;
    dailyReserve: number;
    portalTimeZone: string;
    portalTimeZones: Record<string, string>;
    fallbackShare: number;
  };
  sync: {
    batchSize: number;
    coalesceWindowMs: number;
    maxAttempts: number;
    contactIdProperty: string;
    companyKeyProperty: string;
    churnedProperty: string;
    churnDateProperty: string;
    ensurePropertiesOnBoot: boolean;
    worker: boolean;
    concurrency: number;
    leaseMs: number;
    retryDelayMs: number;
  };
  outbox: { relay: boolean; batchSize: number; maxPollMs: number; redeliverAfterMs: number };
  webhooks?: {
    clientSecrets: string[];
    signatureVersions: SignatureVersion[];
    publicBaseUrl?: string;
    allowedHosts?: string[];
    trustForwardedHeaders: boolean;
    maxBodyBytes: number;
    maxAgeMs: number;
    appId?: number;
    dropEchoes: boolean;
    maxAttempts: number;
    retryBaseDelayMs: number;
    retryMaxDelayMs: number;
    concurrency: number;
    settleMs: number;
  };
  reconciliation: { cron?: string; incremental: boolean };
  admin: { token?: string; guard?: AdminGuardOption; console: boolean; consoleSessionTtlMs: number };
  metrics: { enabled: boolean };
  /** The host's declared properties per object type (owners are read by the sync engine). */
  objects: DeclaredObjects;
}

/** Validates the host's options and applies defaults; throws HubspotConfigError naming every bad option. */
export function resolveHubspotConfig(raw: unknown): HubspotConfig {
  const options = plainToInstance(HubspotModuleOptions, raw ?? {});
  const errors = validateSync(options, {
    forbidUnknownValues: false,
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  const problems = validationProblems(errors, '', Object.keys(HUBSPOT_MODULE_EXTRAS));
  problems.push(...crossFieldProblems(options));
  const sync = syncConfig(options);
  const objects = resolveObjects(options.objects, moduleNames(sync));
  problems.push(...objects.problems);
  if (problems.length) throw new HubspotConfigError(problems);

  const o = options;
  const deprecatedType = o.auth.type === 'private-app' ? 'private-app' : undefined;
  const authType = o.auth.type === 'oauth' ? 'oauth' : 'static-token';
  const apiLimitIncreases = o.limits?.apiLimitIncreases ?? 0;
  const burst = burstDefaults(authType, o.limits?.tier, apiLimitIncreases);
  return {
    baseUrl: (o.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
    apiVersion: o.apiVersion ?? DEFAULT_API_VERSION,
    auth: {
      ...o.auth,
      type: authType,
      kind: o.auth.kind ?? deprecatedType,
      deprecatedType,
      portalId: o.auth.portalId ?? DEFAULT_PORTAL_ID,
      refreshMarginMs: o.auth.refreshMarginMs ?? 5 * 60_000,
      authorizeUrl: o.auth.authorizeUrl ?? DEFAULT_AUTHORIZE_URL,
      stateTtlMs: o.auth.stateTtlMs ?? 10 * 60_000,
      checkScopes: o.auth.checkScopes ?? true,
      failOnMissingScopes: o.auth.failOnMissingScopes ?? false,
      features: o.auth.features ?? defaultFeatures(sync),
      rateLimitPerMinute: o.auth.rateLimitPerMinute ?? 20,
    },
    redis: {
      url: o.redis?.url,
      host: o.redis?.host ?? '127.0.0.1',
      port: o.redis?.port ?? 6379,
      password: o.redis?.password,
      db: o.redis?.db ?? 0,
      keyPrefix: o.redis?.keyPrefix ?? 'hubspot',
      cluster: o.redis?.cluster && { nodes: o.redis.cluster.nodes.map(({ host, port }) => ({ host, port })) },
    },
    http: {
      timeoutMs: o.http?.timeoutMs ?? 10_000,
      maxAttempts: o.http?.maxAttempts ?? 5,
      baseDelayMs: o.http?.baseDelayMs ?? 500,
      maxDelayMs: o.http?.maxDelayMs ?? 30_000,
      connections: o.http?.connections ?? 16,
    },
    limits: {
      tier: o.limits?.tier,
      apiLimitIncreases,
      maxPerWindow: o.limits?.maxPerWindow ?? burst.maxPerWindow,
      windowMs: o.limits?.windowMs ?? 10_000,
      searchPerSecond: o.limits?.searchPerSecond ?? 5,
      associationsPerWindow: o.limits?.associationsPerWindow ?? burst.associationsPerWindow,
      associationsShareGeneralBudget: o.limits?.associationsShareGeneralBudget ?? true,
      dailyReserve: o.limits?.dailyReserve ?? 10_000,
      portalTimeZone: o.limits?.portalTimeZone ?? 'UTC',
      portalTimeZones: { ...o.limits?.portalTimeZones },
      fallbackShare: o.limits?.fallbackShare ?? 0.25,
    },
    sync,
    outbox: {
      relay: o.outbox?.relay ?? true,
      batchSize: o.outbox?.batchSize ?? 500,
      maxPollMs: o.outbox?.maxPollMs ?? 5_000,
      redeliverAfterMs: o.outbox?.redeliverAfterMs ?? 10 * 60_000,
    },
    webhooks: o.webhooks && {
      clientSecrets: o.webhooks.clientSecrets,
      signatureVersions: o.webhooks.signatureVersions ?? ['v3'],
      publicBaseUrl: o.webhooks.publicBaseUrl?.replace(/\/+$/, ''),
      allowedHosts: o.webhooks.allowedHosts,
      trustForwardedHeaders: o.webhooks.trustForwardedHeaders ?? false,
      maxBodyBytes: o.webhooks.maxBodyBytes ?? 1024 * 1024,
      maxAgeMs: o.webhooks.maxAgeMs ?? 5 * 60_000,
      appId: o.webhooks.appId,
      dropEchoes: o.webhooks.dropEchoes ?? true,
      maxAttempts: o.webhooks.maxAttempts ?? 8,
      retryBaseDelayMs: o.webhooks.retryBaseDelayMs ?? 2_000,
      retryMaxDelayMs: o.webhooks.retryMaxDelayMs ?? 10 * 60_000,
      concurrency: o.webhooks.concurrency ?? 2,
      settleMs: o.webhooks.settleMs ?? 500,
    },
    reconciliation: { cron: o.reconciliation?.cron, incremental: o.reconciliation?.incremental ?? false },
    admin: {
      token: o.admin?.token,
      guard: o.admin?.guard,
      console: o.admin?.console ?? false,
      consoleSessionTtlMs: o.admin?.consoleSessionTtlMs ?? 8 * 3_600_000,
    },
    metrics: { enabled: o.metrics?.enabled ?? false },
    objects: objects.objects,
  };
}

/** What the module does without being asked for more: contact and company sync with their associations. */
function defaultFeatures(sync: HubspotConfig['sync']): HubspotFeature[] {
  const features: HubspotFeature[] = ['contacts', 'companies', 'associations'];
  if (sync.ensurePropertiesOnBoot) features.push('properties');
  return features;
}

function crossFieldProblems(o: HubspotModuleOptions): string[] {
  const problems: string[] = [];
  if (o.redis?.keyPrefix && /[{}]/.test(o.redis.keyPrefix)) {
    problems.push('redis.keyPrefix must not contain { or } (the module adds its own hash tags)');
  }
  if (o.admin?.console && !o.admin.token && !o.admin.guard) {
    problems.push('admin.console needs admin.token or admin.guard: without either nobody could sign in');
  }
  if (o.webhooks && !o.webhooks.publicBaseUrl && !o.webhooks.allowedHosts?.length) {
    problems.push(
      'webhooks.publicBaseUrl is required: the public origin HubSpot calls (the v3 signature covers the full ' +
        'URI). Without it, list the hosts HubSpot may call in webhooks.allowedHosts (with ' +
        'webhooks.trustForwardedHeaders behind a proxy you trust)',
    );
  }
  if (!o.auth) return problems;
  if ((o.auth.type === 'static-token' || o.auth.type === 'private-app') && !o.auth.accessToken) {
    problems.push(`auth.accessToken is required when auth.type is '${o.auth.type}'`);
  }
  if (o.auth.type === 'oauth' && o.auth.kind) {
    problems.push("auth.kind describes a static token; leave it out when auth.type is 'oauth'");
  }
  if (o.auth.type === 'oauth') {
    for (const key of ['clientId', 'clientSecret', 'redirectUri', 'scopes', 'encryptionKey'] as const) {
      if (!o.auth[key]) problems.push(`auth.${key} is required when auth.type is 'oauth'`);
    }
    const keys = [o.auth.encryptionKey, ...(o.auth.previousEncryptionKeys ?? [])].filter(Boolean) as string[];
    for (const key of keys) {
      if (!/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/.test(key)) {
        problems.push('auth.encryptionKey must be 32 bytes as 64 hex characters or base64');
        break;
      }
    }
  }
  return problems;
}

function syncConfig(o: HubspotModuleOptions): HubspotConfig['sync'] {
  return {
    batchSize: o.sync?.batchSize ?? 100,
    coalesceWindowMs: o.sync?.coalesceWindowMs ?? 200,
    maxAttempts: o.sync?.maxAttempts ?? 8,
    contactIdProperty: o.sync?.contactIdProperty ?? 'app_user_id',
    companyKeyProperty: o.sync?.companyKeyProperty ?? 'app_company_domain',
    churnedProperty: o.sync?.churnedProperty ?? 'churned',
    churnDateProperty: o.sync?.churnDateProperty ?? 'churn_date',
    ensurePropertiesOnBoot: o.sync?.ensurePropertiesOnBoot ?? true,
    worker: o.sync?.worker ?? true,
    concurrency: o.sync?.concurrency ?? 4,
    leaseMs: o.sync?.leaseMs ?? 30_000,
    retryDelayMs: o.sync?.retryDelayMs ?? 1000,
  };
}

/** The module's own property names per object type (the host may reference them, not redefine them). */
function moduleNames(sync: HubspotConfig['sync']): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(moduleProperties(sync)).map(([type, defs]) => [type, defs.map((d) => d.name)]),
  );
}
