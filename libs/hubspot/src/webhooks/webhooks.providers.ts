import { Provider, Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ResolvedExtras } from '../hubspot-extras';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookDrainer } from './webhook-drainer';
import { WebhookEventStore } from './webhook-event.store';
import { WebhookEventsService } from './webhook-events.service';
import { WebhookHandlerRegistry } from './webhook-handler.registry';
import { WebhookIngestService } from './webhook-ingest.service';
import { WebhookRawBodyInstaller } from './webhook-raw-body.installer';
import { WebhookReplayCache } from './webhook-replay.cache';
import { webhooksControllerAt } from './webhooks.controller';
import { WebhooksWorker } from './webhooks.worker';
import { WebhookQueue } from './webhook.queue';

/** Providers of the webhooks feature, registered by HubspotModule. */
export const WEBHOOKS_PROVIDERS: Provider[] = [
  DiscoveryService,
  MetadataScanner,
  WebhookQueue,
  WebhookEventStore,
  WebhookReplayCache,
  WebhookIngestService,
  WebhookHandlerRegistry,
  WebhookDispatcher,
  WebhookDrainer,
  WebhooksWorker,
  WebhookEventsService,
  WebhookRawBodyInstaller,
];

/** What HubspotModule exports of the webhooks feature. */
export const WEBHOOKS_EXPORTS: Array<Provider | string | symbol | Type> = [WebhookEventsService];

/** Controllers of the webhooks feature for these extras (paths are set here). */
export function webhooksControllers(extras: ResolvedExtras): Type[] {
  return extras.webhooksPath === false ? [] : [webhooksControllerAt(extras.webhooksPath)];
}
