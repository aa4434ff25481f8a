import { HubspotModuleOptions } from '@app/hubspot';
import { HubspotTarget } from '../hubspot-target/hubspot-target';
import { USER_COMPANY_PROPERTIES } from '../users/users.company-source';
import { USER_CONTACT_PROPERTIES } from '../users/users.contact-source';
import { AppEnvConfig } from './app-env.config';

/** Maps the host's environment to the module's options: the only place the app configures HubSpot. */
export function hubspotOptionsFactory(env: AppEnvConfig, target: HubspotTarget): HubspotModuleOptions {
  return {
    auth: {
      type: 'static-token',
      kind: env.HUBSPOT_TOKEN_KIND,
      accessToken: target.accessToken,
      portalId: target.portalId,
    },
    baseUrl: target.baseUrl,
    apiVersion: env.HUBSPOT_API_VERSION,
    limits: env.HUBSPOT_TIER ? { tier: env.HUBSPOT_TIER } : undefined,
    redis: { url: env.REDIS_URL, keyPrefix: `${env.REDIS_PREFIX}:hubspot` },
    // Created at boot when missing (with the module's own), so the first signup finds them.
    objects: {
      contacts: { properties: USER_CONTACT_PROPERTIES },
      companies: { properties: USER_COMPANY_PROPERTIES },
    },
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
    admin: env.HUBSPOT_ADMIN_TOKEN
      ? { token: env.HUBSPOT_ADMIN_TOKEN, console: env.HUBSPOT_ADMIN_CONSOLE }
      : undefined,
    metrics: { enabled: env.METRICS_ENABLED },
  };
}
