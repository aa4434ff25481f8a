import { Provider, Type } from '@nestjs/common';
import { CONSOLE_PROVIDERS, consoleControllers } from './console/console.providers';
import { ConsoleSessionStore } from './console/console-session.store';
import { adminControllerAt } from './hubspot-admin.controller';
import { adminDeadLettersControllerAt } from './hubspot-admin-dead-letters.controller';
import { adminPortalQueuesControllerAt } from './hubspot-admin-portal-queues.controller';
import { adminPortalsControllerAt } from './hubspot-admin-portals.controller';
import { adminWebhookEventsControllerAt } from './hubspot-admin-webhook-events.controller';
import { HubspotAdminGuard } from './hubspot-admin.guard';
import { WebhooksConfiguredGuard } from './webhooks-configured.guard';

export const ADMIN_PROVIDERS: Provider[] = [HubspotAdminGuard, WebhooksConfiguredGuard, ...CONSOLE_PROVIDERS];

/** Hosts put HubspotAdminGuard on their own routes (e.g. health details): it and what it needs. */
export const ADMIN_EXPORTS = [HubspotAdminGuard, ConsoleSessionStore];

/** The admin REST surface at `adminPath`, and the web console below it (404 unless `admin.console`). */
export function adminControllers(adminPath: string): Type[] {
  return [
    adminControllerAt(adminPath),
    adminDeadLettersControllerAt(adminPath),
    adminWebhookEventsControllerAt(adminPath),
    adminPortalQueuesControllerAt(adminPath),
    ...consoleControllers(adminPath),
  ];
}

/** Operators' routes for installed OAuth portals, under `oauthPath` next to the install flow. */
export function adminPortalsControllers(oauthPath: string): Type[] {
  return [adminPortalsControllerAt(oauthPath)];
}
