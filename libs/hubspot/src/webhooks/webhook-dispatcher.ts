import { Inject, Injectable, Logger } from '@nestjs/common';
import { HubspotConfig } from '../hubspot.config';
import { HUBSPOT_CONFIG } from '../hubspot.constants';
import { isEcho } from './webhook-echo';
import { HubspotWebhookEventEntity } from './webhook-event.entity';
import { WebhookEventStore } from './webhook-event.store';
import { WebhookHandlerRegistry } from './webhook-handler.registry';
import { webhookRetryDelay } from './webhook-retry.backoff';

export type DispatchOutcome = { settled: true } | { settled: false; retryAt: Date };

const MAX_ERROR_LENGTH = 2000;

/** Runs one stored event through its handlers and records the outcome. */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger('HubspotWebhooks');

  constructor(
    @Inject(HUBSPOT_CONFIG) private readonly config: HubspotConfig,
    private readonly registry: WebhookHandlerRegistry,
    private readonly store: WebhookEventStore,
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

    if (!handlers.length) {
      await this.store.settle(row.id, echo && dropEchoes ? 'echo' : 'skipped', {
        attempts: row.attempts,
        completedHandlers: [...completed],
      });
      return { settled: true };
    }

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

    if (!errors.length) {
      await this.store.settle(row.id, 'done', { attempts: attempt, completedHandlers: [...completed] });
      return { settled: true };
    }
    const lastError = errors.join('\n').slice(0, MAX_ERROR_LENGTH);
    const maxAttempts = settings?.maxAttempts ?? 8;
    if (attempt >= maxAttempts) {
      this.logger.warn(
        `Webhook event ${row.id} (${event.subscriptionType}) failed after ${attempt} attempts`,
      );
      await this.store.settle(row.id, 'failed', {
        attempts: attempt,
        completedHandlers: [...completed],
        lastError,
      });
      return { settled: true };
    }
    const delay = webhookRetryDelay(
      attempt,
      settings?.retryBaseDelayMs ?? 2000,
      settings?.retryMaxDelayMs ?? 600_000,
    );
    const retryAt = new Date(Date.now() + delay);
    await this.store.scheduleRetry(row.id, {
      attempts: attempt,
      completedHandlers: [...completed],
      lastError,
      nextAttemptAt: retryAt,
    });
    return { settled: false, retryAt };
  }
}
