import { Provider } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookDrainer } from './webhook-drainer';
import { WebhookEventStore } from './webhook-event.store';
import { WebhookEventsService } from './webhook-events.service';
import { WebhookHandlerRegistry } from './webhook-handler.registry';
import { WebhookIngestService } from './webhook-ingest.service';
import { WebhookRawBodyInstaller } from './webhook-raw-body.installer';
import { WebhookRejectionLog } from './webhook-rejection-log';
import { WebhookReplayCache } from './webhook-replay.cache';
import { WebhooksWorker } from './webhooks.worker';
import { WebhookQueue } from './webhook.queue';

/** Webhooks in: intake, signature checks, event store, handler discovery and dispatch. */
export const WEBHOOKS_PROVIDERS: Provider[] = [
  WebhookQueue,
  WebhookEventStore,
  WebhookReplayCache,
  WebhookRejectionLog,
  WebhookIngestService,
  WebhookHandlerRegistry,
  WebhookDispatcher,
  WebhookDrainer,
  WebhooksWorker,
  WebhookEventsService,
  WebhookRawBodyInstaller,
];

export const WEBHOOKS_EXPORTS = [WebhookEventsService];
