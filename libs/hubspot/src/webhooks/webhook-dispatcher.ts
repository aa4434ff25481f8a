import { Injectable, Logger } from '@nestjs/common';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { isEcho } from './webhook-echo';
import { HubspotWebhookEventEntity } from './webhook-event.entity';
import { WebhookEventOutcome } from './webhook-event.store';
import { WebhookHandlerRegistry } from './webhook-handler.registry';
import { webhookRetryDelay } from './webhook-retry.backoff';

/** What happened to the event; the caller records it (the drainer batches the writes of a page). */
export interface DispatchOutcome {
  outcome: WebhookEventOutcome;
  /** Set when the event waits for a retry: later events of its object must wait too. */
  retryAt?: Date;
}

const MAX_ERROR_LENGTH = 2000;

/** Runs one stored event through its handlers (skipping those that already succeeded) and says how it ended. */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger('HubspotWebhooks');

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly registry: WebhookHandlerRegistry,
  ) {}

  async dispatch(row: HubspotWebhookEventEntity): Promise<DispatchOutcome> {
    const settings = this.config.webhooks;
    const event = row.payload;
    const attempt = row.attempts + 1;
    const echo = isEcho(event, settings?.appId);
    const dropEchoes = settings?.dropEchoes ?? true;
    const handlers = this.registry
      .match(event.subscriptionType)
      .filter((h) => !(echo && dropEchoes && !h.includeEchoes));
    const completed = new Set(row.completedHandlers ?? []);
    const outcome = (
      status: WebhookEventOutcome['status'],
      attempts: number,
      lastError: string | null = null,
      nextAttemptAt: Date | null = null,
    ): WebhookEventOutcome => ({
      id: row.id,
      status,
      attempts,
      completedHandlers: [...completed],
      lastError,
      nextAttemptAt,
    });

    if (!handlers.length) return { outcome: outcome(echo && dropEchoes ? 'echo' : 'skipped', row.attempts) };

    const context = { id: row.id, dedupeKey: row.dedupeKey, attempt, echo };
    const errors: string[] = [];
    for (const handler of handlers) {
      if (completed.has(handler.id)) continue;
      try {
        await handler.invoke(event, context);
        completed.add(handler.id);
      } catch (error) {
        errors.push(`${handler.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }

    if (!errors.length) return { outcome: outcome('done', attempt) };
    const lastError = errors.join('\n').slice(0, MAX_ERROR_LENGTH);
    const maxAttempts = settings?.maxAttempts ?? 8;
    if (attempt >= maxAttempts) {
      this.logger.warn(
        `Webhook event ${row.id} (${event.subscriptionType}) failed after ${attempt} attempts`,
      );
      return { outcome: outcome('failed', attempt, lastError) };
    }
    const delay = webhookRetryDelay(
      attempt,
      settings?.retryBaseDelayMs ?? 2000,
      settings?.retryMaxDelayMs ?? 600_000,
    );
    const retryAt = new Date(Date.now() + delay);
    return { outcome: outcome('pending', attempt, lastError, retryAt), retryAt };
  }
}
