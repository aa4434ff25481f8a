import { SetMetadata } from '@nestjs/common';
import { HUBSPOT_WEBHOOK_HANDLER } from '../config/hubspot.constants';
import { HubspotWebhookSubscription } from './webhook-event.types';

export interface HubspotWebhookHandlerOptions {
  /** Also receive echoes of this app's own writes (dropped by default). */
  includeEchoes?: boolean;
}

export interface WebhookHandlerMetadata extends HubspotWebhookHandlerOptions {
  types: HubspotWebhookSubscription[];
}

/**
 * Marks a provider method as a handler of HubSpot webhook events. It is called with
 * `(event: HubspotWebhookEvent, context: WebhookHandlerContext)` through Nest's context, so guards and
 * interceptors on the class or method apply. A throw is retried with backoff, then the event is marked
 * failed (replayable through WebhookEventsService).
 *
 * @example @HubspotWebhookHandler('deal.propertyChange') onDealChange(event: HubspotWebhookEvent) {}
 */
export const HubspotWebhookHandler = (
  types: HubspotWebhookSubscription | HubspotWebhookSubscription[],
  options: HubspotWebhookHandlerOptions = {},
) =>
  SetMetadata<string, WebhookHandlerMetadata>(HUBSPOT_WEBHOOK_HANDLER, {
    types: Array.isArray(types) ? types : [types],
    ...options,
  });
