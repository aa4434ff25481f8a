import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  apiVersionLifecycle,
  apiVersionStatus,
  HUBSPOT_API_VERSIONS,
  HubspotApiVersion,
} from './api-versions';
import { HubspotConfig } from './hubspot.config';
import { InjectHubspotConfig } from './inject-hubspot-config.decorator';

export interface ConfigWarning {
  level: 'warn' | 'error';
  message: string;
}

/** What the host should change in its options, although the module runs with them. */
export function configWarnings(config: HubspotConfig, now: Date = new Date()): ConfigWarning[] {
  const out: ConfigWarning[] = [];
  if (config.auth.deprecatedType) {
    out.push({
      level: 'warn',
      message:
        "auth.type 'private-app' is deprecated: use auth.type 'static-token' (kind 'private-app'); " +
        'it works the same',
    });
  }
  const version = versionWarning(config.apiVersion, now);
  if (version) out.push(version);
  if (config.auth.type === 'oauth' && (config.limits.tier || config.limits.apiLimitIncreases)) {
    out.push({
      level: 'warn',
      message:
        'limits.tier and limits.apiLimitIncreases set the budgets of a static token; an OAuth app gets ' +
        "HubSpot's 110 calls per 10 s per installing account (set limits.maxPerWindow to override)",
    });
  }
  if (config.auth.kind === 'service-key' && config.webhooks) {
    out.push({
      level: 'warn',
      message:
        'Service Keys cannot receive webhooks: the webhooks configured here must come from a project app ' +
        '(its client secret in webhooks.clientSecrets)',
    });
  }
  return out;
}

function versionWarning(version: HubspotApiVersion, now: Date): ConfigWarning | undefined {
  const status = apiVersionStatus(version, now);
  if (status === 'current') return undefined;
  const life = apiVersionLifecycle(version);
  const newest = HUBSPOT_API_VERSIONS[HUBSPOT_API_VERSIONS.length - 1];
  const advice =
    newest !== version
      ? `set apiVersion to '${newest}'`
      : 'update nestjs-hubspot-sync to a release that speaks a newer version';
  if (status === 'unsupported') {
    return {
      level: 'error',
      message: `HubSpot API version ${version} is unsupported since ${day(life.unsupportedFrom)}: ${advice}`,
    };
  }
  return {
    level: 'warn',
    message:
      `HubSpot API version ${version} is past "current" since ${day(life.currentUntil)} and unsupported ` +
      `from ${day(life.unsupportedFrom)}: ${advice}`,
  };
}

/** `static token (service-key)`, `OAuth`: what the module authenticates with, for logs and health. */
export function describeCredential(config: HubspotConfig): string {
  if (config.auth.type === 'oauth') return 'OAuth';
  return config.auth.kind ? `static token (${config.auth.kind})` : 'static token';
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Logs once at boot which API version and credential the module uses, and the warnings. */
@Injectable()
export class HubspotConfigWarnings implements OnModuleInit {
  private readonly logger = new Logger('HubspotModule');

  constructor(@InjectHubspotConfig() private readonly config: HubspotConfig) {}

  onModuleInit(): void {
    this.logger.log(
      `HubSpot API ${this.config.apiVersion} (${apiVersionStatus(this.config.apiVersion)}), ` +
        describeCredential(this.config),
    );
    for (const { level, message } of configWarnings(this.config)) this.logger[level](message);
  }
}
