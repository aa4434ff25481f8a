import { Injectable, Logger } from '@nestjs/common';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { WebhookRejectedError, WebhookRejection } from '../errors/webhook-rejected.error';
import { databaseErrorSummary } from '../model/database-error-summary';
import { HubspotWebhookEvent } from './webhook-event.types';
import { parseWebhookEvents } from './webhook-event.parser';
import { WebhookEventStore } from './webhook-event.store';
import { WebhookRejectionLog } from './webhook-rejection-log';
import { WebhookReplayCache } from './webhook-replay.cache';
import { SignedRequestLike } from './webhook-request-uri';
import { checkSignatureHeaders, HeaderRejection, verifyWebhookSignature } from './webhook-signature.verifier';
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

const HEADER_REJECTIONS: Record<HeaderRejection | 'invalid', [WebhookRejection, string]> = {
  missing: ['unsigned', 'no valid signature headers'],
  stale: ['stale', 'timestamp outside the allowed window'],
  'untrusted-host': ['untrusted-host', 'signed URI names a host that is not allowed'],
  invalid: ['bad-signature', 'signature does not match'],
};

/**
 * Verify, parse, store once, enqueue: everything between HubSpot's POST and our 200. Refusals are
 * WebhookRejectedError (the controller answers them) and are logged through WebhookRejectionLog.
 */
@Injectable()
export class WebhookIngestService {
  private readonly logger = new Logger('HubspotWebhooks');
  private warnedReserialized = false;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly store: WebhookEventStore,
    private readonly queue: WebhookQueue,
    private readonly replay: WebhookReplayCache,
    private readonly rejections: WebhookRejectionLog,
  ) {}

  /**
   * What the headers alone decide, so that the raw body reader can refuse an unsigned, stale or misdirected
   * delivery without reading its body. Throws WebhookRejectedError.
   */
  precheck(req: SignedRequestLike): void {
    const settings = this.config.webhooks;
    if (!settings) throw new WebhookRejectedError('not-configured', 'HubSpot webhooks are not configured');
    const check = checkSignatureHeaders(req, settings);
    if (!check.ok) throw this.reject(...HEADER_REJECTIONS[check.reason]);
  }

  async receive(req: IncomingWebhookRequest): Promise<WebhookAck> {
    const settings = this.config.webhooks;
    this.precheck(req);
    const raw = this.rawBody(req);
    if (raw.length > settings!.maxBodyBytes) throw this.reject('too-large', 'Webhook body too large');

    const verdict = verifyWebhookSignature(req, raw, settings!);
    if (!verdict.ok) throw this.reject(...HEADER_REJECTIONS[verdict.reason]);
    if (verdict.version === 'v3' && !(await this.firstSeen(verdict.signature, settings!.maxAgeMs))) {
      throw this.reject('replayed', 'signature already used');
    }

    let events: HubspotWebhookEvent[];
    try {
      events = parseWebhookEvents(raw);
    } catch (error) {
      if (error instanceof WebhookRejectedError) this.rejections.record(error.reason, error.message);
      throw error;
    }

    let result;
    try {
      result = await this.store.insertMany(events);
    } catch (error) {
      this.logger.error(`Could not store ${events.length} webhook event(s): ${databaseErrorSummary(error)}`);
      if (verdict.version === 'v3') await this.replay.forget(verdict.signature).catch(() => undefined);
      throw new WebhookRejectedError('unavailable', 'Webhook events could not be stored; retry later');
    }
    if (result.inserted > 0) {
      // Stored durably already: if Redis is down the sweeper picks these up later, so still answer 200.
      await this.queue.drainSoon(result.objectKeys).catch((error: Error) => {
        this.logger.error(`Could not enqueue webhook events (the sweeper will retry): ${error.message}`);
      });
    }
    return { received: events.length, stored: result.inserted, duplicates: events.length - result.inserted };
  }

  private reject(reason: WebhookRejection, detail: string): WebhookRejectedError {
    this.rejections.record(reason, detail);
    return new WebhookRejectedError(reason, `Webhook delivery refused: ${detail}`);
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
    try {
      return Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
    } catch {
      throw this.reject('malformed', 'body could not be re-serialised');
    }
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
