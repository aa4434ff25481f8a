import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { WebhookQueue } from './webhook.queue';

/**
 * Remembers v3 signatures for twice the timestamp window: HubSpot signs every attempt anew (fresh
 * timestamp), so the same signature twice is a replayed request, not a retry.
 */
@Injectable()
export class WebhookReplayCache {
  constructor(private readonly queue: WebhookQueue) {}

  /** True the first time a signature is seen. */
  async firstSeen(signature: string, windowMs: number): Promise<boolean> {
    const digest = createHash('sha256').update(signature).digest('hex');
    const key = `${this.queue.keyPrefix()}seen:${digest}`;
    const ok = await this.queue.redis().set(key, '1', 'PX', windowMs * 2, 'NX');
    return ok === 'OK';
  }

  /** Forgets a signature whose delivery could not be stored, so HubSpot's identical retry is not refused. */
  async forget(signature: string): Promise<void> {
    const digest = createHash('sha256').update(signature).digest('hex');
    await this.queue.redis().del(`${this.queue.keyPrefix()}seen:${digest}`);
  }
}
