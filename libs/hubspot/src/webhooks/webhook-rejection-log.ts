import { Injectable, Logger } from '@nestjs/common';
import { WebhookRejection } from '../errors/webhook-rejected.error';

const INTERVAL_MS = 60_000;

/**
 * Logs refused deliveries without letting a flood of them flood the log: per reason, one line a minute at
 * most; the next line says how many were left out. Lines carry the reason, never a signature or the body.
 */
@Injectable()
export class WebhookRejectionLog {
  private readonly logger = new Logger('HubspotWebhooks');
  private readonly last = new Map<WebhookRejection, { at: number; skipped: number }>();

  record(reason: WebhookRejection, detail: string): void {
    const now = Date.now();
    const seen = this.last.get(reason);
    if (seen && now - seen.at < INTERVAL_MS) {
      seen.skipped++;
      return;
    }
    const more = seen?.skipped
      ? ` (${seen.skipped} more ${reason} rejection(s) not logged since the last line)`
      : '';
    this.last.set(reason, { at: now, skipped: 0 });
    this.logger.warn(`Rejected webhook delivery: ${detail}${more}`);
  }
}
