import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { DEFAULT_AUTHORIZE_URL, DEFAULT_BASE_URL, DEFAULT_PORTAL_ID } from './hubspot.constants';
import { HubspotModuleOptions } from './hubspot.options';
import { HubspotConfigError } from '../errors/hubspot-config.error';
import { SignatureVersion } from './webhooks.options';
import { AdminGuardOption } from './admin.options';

/** Options with every default applied: what the module's providers read (token HUBSPOT_CONFIG). */
export interface HubspotConfig {
  baseUrl: string;
  auth: HubspotModuleOptions['auth'] & {
    portalId: number;
    refreshMarginMs: number;
    authorizeUrl: string;
    stateTtlMs: number;
  };
  redis: { url?: string; host: string; port: number; password?: string; db: number; keyPrefix: string };
  http: {
    timeoutMs: number;
    maxAttempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
    connections: number;
  };
  limits: {
    maxPerWindow: number;
    windowMs: number;
    searchPerSecond: number;
    associationsPerWindow: number;
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
    retryDelayMs: number;
  };
  outbox: { relay: boolean; batchSize: number; maxPollMs: number; redeliverAfterMs: number };
  webhooks?: {
    clientSecrets: string[];
    signatureVersions: SignatureVersion[];
    publicBaseUrl?: string;
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
  admin: { token?: string; guard?: AdminGuardOption };
  metrics: { enabled: boolean };
}

/** Validates the host's options and applies defaults; throws HubspotConfigError naming every bad option. */
export function resolveHubspotConfig(raw: unknown): HubspotConfig {
  const options = plainToInstance(HubspotModuleOptions, raw ?? {});
  const errors = validateSync(options, {
    forbidUnknownValues: false,
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  const problems = flatten(errors);
  problems.push(...crossFieldProblems(options));
  if (problems.length) throw new HubspotConfigError(problems);

  const o = options;
  return {
    baseUrl: (o.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
    auth: {
      ...o.auth,
      portalId: o.auth.portalId ?? DEFAULT_PORTAL_ID,
      refreshMarginMs: o.auth.refreshMarginMs ?? 5 * 60_000,
      authorizeUrl: o.auth.authorizeUrl ?? DEFAULT_AUTHORIZE_URL,
      stateTtlMs: o.auth.stateTtlMs ?? 10 * 60_000,
    },
    redis: {
      url: o.redis?.url,
      host: o.redis?.host ?? '127.0.0.1',
      port: o.redis?.port ?? 6379,
      password: o.redis?.password,
      db: o.redis?.db ?? 0,
      keyPrefix: o.redis?.keyPrefix ?? 'hubspot',
    },
    http: {
      timeoutMs: o.http?.timeoutMs ?? 10_000,
      maxAttempts: o.http?.maxAttempts ?? 5,
      baseDelayMs: o.http?.baseDelayMs ?? 500,
      maxDelayMs: o.http?.maxDelayMs ?? 30_000,
      connections: o.http?.connections ?? 16,
    },
    limits: {
      maxPerWindow: o.limits?.maxPerWindow ?? 100,
      windowMs: o.limits?.windowMs ?? 10_000,
      searchPerSecond: o.limits?.searchPerSecond ?? 5,
      associationsPerWindow: o.limits?.associationsPerWindow ?? 100,
      dailyReserve: o.limits?.dailyReserve ?? 10_000,
      portalTimeZone: o.limits?.portalTimeZone ?? 'UTC',
      portalTimeZones: { ...o.limits?.portalTimeZones },
      fallbackShare: o.limits?.fallbackShare ?? 0.25,
    },
    sync: {
      batchSize: o.sync?.batchSize ?? 100,
      coalesceWindowMs: o.sync?.coalesceWindowMs ?? 200,
      maxAttempts: o.sync?.maxAttempts ?? 8,
      contactIdProperty: o.sync?.contactIdProperty ?? 'app_user_id',
      companyKeyProperty: o.sync?.companyKeyProperty ?? 'app_company_domain',
      churnedProperty: o.sync?.churnedProperty ?? 'churned',
      churnDateProperty: o.sync?.churnDateProperty ?? 'churn_date',
      ensurePropertiesOnBoot: o.sync?.ensurePropertiesOnBoot ?? false,
      worker: o.sync?.worker ?? true,
      concurrency: o.sync?.concurrency ?? 4,
      retryDelayMs: o.sync?.retryDelayMs ?? 1000,
    },
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
    admin: { token: o.admin?.token, guard: o.admin?.guard },
    metrics: { enabled: o.metrics?.enabled ?? false },
  };
}

function crossFieldProblems(o: HubspotModuleOptions): string[] {
  const problems: string[] = [];
  if (!o.auth) return problems;
  if (o.auth.type === 'private-app' && !o.auth.accessToken) {
    problems.push("auth.accessToken is required when auth.type is 'private-app'");
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

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((msg) =>
      msg.startsWith(path) ? msg : `${path}: ${msg}`,
    );
    return [...own, ...flatten(e.children ?? [], path)];
  });
}
