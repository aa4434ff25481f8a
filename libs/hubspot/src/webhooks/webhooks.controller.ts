import { Controller, HttpCode, HttpException, Injectable, Post, Req, Type } from '@nestjs/common';
import { WebhookRejectedError } from '../errors/webhook-rejected.error';
import { IncomingWebhookRequest, WebhookAck, WebhookIngestService } from './webhook-ingest.service';
import { webhookRejectionBody } from './webhook-rejection.status';

/** Metadata holding the route of a webhooks controller (read by the raw body installer). */
export const WEBHOOKS_ROUTE_PATH = 'hubspot:webhooks-route';

/**
 * Receives HubSpot's webhook deliveries: 200 once stored; 401 unsigned, stale, from an untrusted host,
 * forged or replayed; 400 malformed; 413 too large or more than 100 events; 503 when they cannot be stored.
 */
@Injectable()
export class WebhooksController {
  constructor(private readonly ingest: WebhookIngestService) {}

  @Post()
  @HttpCode(200)
  async receive(@Req() req: IncomingWebhookRequest): Promise<WebhookAck> {
    try {
      return await this.ingest.receive(req);
    } catch (error) {
      if (!(error instanceof WebhookRejectedError)) throw error;
      const body = webhookRejectionBody(error);
      throw new HttpException(body, body.statusCode);
    }
  }
}

/** A WebhooksController mounted at `path` (a subclass per registration, so two apps can use two paths). */
export function webhooksControllerAt(path: string): Type<WebhooksController> {
  class HubspotWebhooksController extends WebhooksController {}
  Controller(path)(HubspotWebhooksController);
  Reflect.defineMetadata(WEBHOOKS_ROUTE_PATH, path, HubspotWebhooksController);
  return HubspotWebhooksController;
}
