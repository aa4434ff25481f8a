import { WebhookConfig } from '../emulator.options';

export type ResolvedWebhookConfig = Required<Omit<WebhookConfig, 'portalIds' | 'subscriptions'>> &
  Pick<WebhookConfig, 'portalIds' | 'subscriptions'>;

export function resolveWebhookConfig(c: WebhookConfig): ResolvedWebhookConfig {
  if (!c || typeof c.targetUrl !== 'string' || !/^https?:\/\//.test(c.targetUrl)) {
    throw new Error('webhooks.targetUrl must be an http(s) URL');
  }
  return {
    targetUrl: c.targetUrl,
    clientSecret: c.clientSecret ?? 'emulator-client-secret',
    appId: c.appId ?? 4242,
    portalIds: c.portalIds,
    subscriptions: c.subscriptions,
    maxBatchSize: Math.min(100, c.maxBatchSize ?? 100),
    maxConcurrent: c.maxConcurrent ?? 10,
    timeoutMs: c.timeoutMs ?? 5000,
    maxAttempts: c.maxAttempts ?? 10,
    retryBaseMs: c.retryBaseMs ?? 60_000,
    batchDelayMs: c.batchDelayMs ?? 20,
    duplicateShare: c.duplicateShare ?? 0,
    reorder: c.reorder ?? false,
    signatures: c.signatures ?? ['v1', 'v3'],
    enabled: c.enabled ?? true,
  };
}

/** Exponential backoff in real HubSpot time (1 min, 2 min, 4 min ...), jittered and scaled. */
export function retryDelayMs(cfg: ResolvedWebhookConfig, attempt: number, timeScale: number): number {
  const base = Math.min(cfg.retryBaseMs * 2 ** attempt, 8 * 3_600_000);
  const jitter = 0.8 + Math.random() * 0.4;
  return Math.max(1, Math.round(base * jitter * timeScale));
}

/** In-place Fisher-Yates shuffle (the reorder switch). */
export function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
