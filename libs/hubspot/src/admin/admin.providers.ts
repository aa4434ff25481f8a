import { Provider, Type } from '@nestjs/common';
import { ResolvedExtras } from '../hubspot-extras';
import { adminControllerAt } from './hubspot-admin.controller';
import { adminDeadLettersControllerAt } from './hubspot-admin-dead-letters.controller';
import { adminWebhookEventsControllerAt } from './hubspot-admin-webhook-events.controller';
import { HubspotAdminGuard } from './hubspot-admin.guard';
import { WebhooksConfiguredGuard } from './webhooks-configured.guard';

/** Providers of the admin feature, registered by HubspotModule. */
export const ADMIN_PROVIDERS: Provider[] = [HubspotAdminGuard, WebhooksConfiguredGuard];

/** What HubspotModule exports of the admin feature. */
export const ADMIN_EXPORTS: Array<Provider | string | symbol | Type> = [];

/** Controllers of the admin feature for these extras: the admin REST surface at `adminPath` (false: none). */
export function adminControllers(extras: ResolvedExtras): Type[] {
  if (extras.adminPath === false) return [];
  return [
    adminControllerAt(extras.adminPath),
    adminDeadLettersControllerAt(extras.adminPath),
    adminWebhookEventsControllerAt(extras.adminPath),
  ];
}
