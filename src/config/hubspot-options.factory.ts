import { HubspotModuleOptions } from '@app/hubspot';
import { HubspotTarget } from '../hubspot-target/hubspot-target';
import { AppEnvConfig } from './app-env.config';

/** Maps the host's environment to the module's options: the only place the app configures HubSpot. */
export function hubspotOptionsFactory(env: AppEnvConfig, target: HubspotTarget): HubspotModuleOptions {
  return {
    auth: { type: 'private-app', accessToken: target.accessToken, portalId: target.portalId },
    baseUrl: target.baseUrl,
    redis: { url: env.REDIS_URL, keyPrefix: `${env.REDIS_PREFIX}:hubspot` },
    sync: { ensurePropertiesOnBoot: true },
    webhooks: target.webhookSecret
      ? {
          clientSecrets: [target.webhookSecret],
          publicBaseUrl: env.HUBSPOT_PUBLIC_URL,
          // The embedded emulator calls this process on loopback; a real deployment names its public URL.
          allowedHosts: !env.HUBSPOT_PUBLIC_URL && target.embedded ? ['127.0.0.1', 'localhost'] : undefined,
          appId: target.appId,
        }
      : undefined,
    reconciliation: env.HUBSPOT_RECONCILE_CRON ? { cron: env.HUBSPOT_RECONCILE_CRON } : undefined,
    admin: env.HUBSPOT_ADMIN_TOKEN ? { token: env.HUBSPOT_ADMIN_TOKEN } : undefined,
    metrics: { enabled: env.METRICS_ENABLED },
  };
}
