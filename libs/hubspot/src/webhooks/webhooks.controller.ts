import { Controller, HttpCode, Injectable, Post, Req, Type } from '@nestjs/common';
import { IncomingWebhookRequest, WebhookAck, WebhookIngestService } from './webhook-ingest.service';

/** Metadata holding the route of a webhooks controller (read by the raw body installer). */
export const WEBHOOKS_ROUTE_PATH = 'hubspot:webhooks-route';

/** Receives HubSpot's webhook deliveries: 200 once stored, 401 forged/stale/replayed, 400 malformed, 413 too large. */
@Injectable()
export class WebhooksController {
  constructor(private readonly ingest: WebhookIngestService) {}

  @Post()
  @HttpCode(200)
  receive(@Req() req: IncomingWebhookRequest): Promise<WebhookAck> {
    return this.ingest.receive(req);
  }
}

/** A WebhooksController mounted at `path` (a subclass per registration, so two apps can use two paths). */
export function webhooksControllerAt(path: string): Type<WebhooksController> {
  class HubspotWebhooksController extends WebhooksController {}
  Controller(path)(HubspotWebhooksController);
  Reflect.defineMetadata(WEBHOOKS_ROUTE_PATH, path, HubspotWebhooksController);
  return HubspotWebhooksController;
}
