import {
  BadRequestException,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { parseWebhookEvents, WebhookPayloadError } from './webhook-event.parser';
import { WebhookEventStore } from './webhook-event.store';
import { WebhookReplayCache } from './webhook-replay.cache';
import { SignedRequestLike } from './webhook-request-uri';
import { verifyWebhookSignature } from './webhook-signature.verifier';
import { WebhookQueue } from './webhook.queue';

export interface WebhookAck {
  received: number;
  stored: number;
  duplicates: number;
}

export interface IncomingWebhookRequest extends SignedRequestLike {
  body?: unknown;
  rawBody?: Buffer;
}

/** Verify, parse, store once, enqueue: everything between HubSpot's POST and our 200. */
@Injectable()
export class WebhookIngestService {
  private readonly logger = new Logger('HubspotWebhooks');
  private warnedReserialized = false;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly store: WebhookEventStore,
    private readonly queue: WebhookQueue,
    private readonly replay: WebhookReplayCache,
  ) {}

  async receive(req: IncomingWebhookRequest): Promise<WebhookAck> {
    const settings = this.config.webhooks;
    if (!settings) throw new NotFoundException('HubSpot webhooks are not configured');
    const raw = this.rawBody(req);
    if (raw.length > settings.maxBodyBytes) throw new PayloadTooLargeException('Webhook body too large');

    const verdict = verifyWebhookSignature(req, raw, settings);
    if (!verdict.ok) {
      this.logger.warn(`Rejected webhook delivery: ${verdict.reason} signature`);
      throw new UnauthorizedException(`Invalid HubSpot signature (${verdict.reason})`);
    }
    if (verdict.version === 'v3' && !(await this.firstSeen(verdict.signature, settings.maxAgeMs))) {
      this.logger.warn('Rejected replayed webhook delivery');
      throw new UnauthorizedException('Replayed HubSpot request');
    }

    let events;
    try {
      events = parseWebhookEvents(raw);
    } catch (error) {
      if (error instanceof WebhookPayloadError) throw new BadRequestException(error.problems.slice(0, 20));
      throw error;
    }

    let result;
    try {
      result = await this.store.insertMany(events);
    } catch (error) {
      this.logger.error(`Could not store ${events.length} webhook event(s): ${(error as Error).message}`);
      if (verdict.version === 'v3') await this.replay.forget(verdict.signature).catch(() => undefined);
      throw new ServiceUnavailableException('Webhook events could not be stored; retry later');
    }
    if (result.inserted > 0) {
      // Stored durably already: if Redis is down the sweeper picks these up later, so still answer 200.
      await this.queue.drainSoon(result.objectKeys).catch((error: Error) => {
        this.logger.error(`Could not enqueue webhook events (the sweeper will retry): ${error.message}`);
      });
    }
    return { received: events.length, stored: result.inserted, duplicates: events.length - result.inserted };
  }

  /** The exact bytes HubSpot signed: our raw parser's Buffer, else Nest's rawBody, else a re-serialisation. */
  private rawBody(req: IncomingWebhookRequest): Buffer {
    if (Buffer.isBuffer(req.body)) return req.body;
    if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
    if (req.body === undefined || req.body === null) return Buffer.alloc(0);
    if (!this.warnedReserialized) {
      this.warnedReserialized = true;
      this.logger.warn(
        'Webhook body arrived parsed without raw bytes; verifying a re-serialisation (enable rawBody)',
      );
    }
    return Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
  }

  /**
   * Replay check; when Redis is unreachable the delivery is still taken (the timestamp window bounds
   * replays and the dedupe key keeps a replayed change from being handled twice).
   */
  private async firstSeen(signature: string, windowMs: number): Promise<boolean> {
    try {
      return await this.replay.firstSeen(signature, windowMs);
    } catch (error) {
      this.logger.warn(`Webhook replay check skipped (Redis): ${(error as Error).message}`);
      return true;
    }
  }
}
