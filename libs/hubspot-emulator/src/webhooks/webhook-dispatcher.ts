import { Logger } from '@nestjs/common';
import { ChangeEvent } from '../core/change-events';
import { WebhookConfig } from '../emulator.options';
import { EmulatorState } from '../emulator.state';
import { ResolvedWebhookConfig, resolveWebhookConfig, retryDelayMs, shuffle } from './webhook-config';
import { toWebhookEvent, WebhookEvent } from './webhook-payload';
import { DeliveryRecord, postBatch } from './webhook-sender';

interface Batch {
  portalId: number;
  events: WebhookEvent[];
  attempt: number;
}

const MAX_LOG = 5000;

/** Delivers change events to the configured target like HubSpot: batched, signed, concurrent-capped, retried. */
export class WebhookDispatcher {
  private readonly logger = new Logger('HubspotEmulatorWebhooks');
  private cfg?: ResolvedWebhookConfig;
  private unsubscribe?: () => void;
  private pending = new Map<number, WebhookEvent[]>();
  private ready = new Map<number, Batch[]>();
  private inFlight = new Map<number, number>();
  private timers = new Set<NodeJS.Timeout>();
  private controllers = new Set<AbortController>();
  private log: DeliveryRecord[] = [];
  private nextDeliveryId = 1;
  private seenForDuplicates = 0;
  private generation = 0;
  readonly counters = { batchesSent: 0, eventsSent: 0, failedAttempts: 0 };

  constructor(private readonly state: EmulatorState) {
    if (state.options.webhooks) this.configure(state.options.webhooks);
    state.onReset(() => this.clear());
  }

  configure(config: WebhookConfig): ResolvedWebhookConfig {
    this.cfg = resolveWebhookConfig(config);
    this.unsubscribe?.();
    this.unsubscribe = this.cfg.enabled ? this.state.events.on((e) => this.enqueue(e)) : undefined;
    return this.cfg;
  }

  config(): Omit<ResolvedWebhookConfig, 'clientSecret'> | undefined {
    if (!this.cfg) return undefined;
    const { clientSecret: _secret, ...rest } = this.cfg;
    return rest;
  }

  deliveries(): DeliveryRecord[] {
    return [...this.log];
  }

  pendingCount(): number {
    let n = 0;
    for (const list of this.pending.values()) n += list.length;
    for (const list of this.ready.values()) for (const b of list) n += b.events.length;
    for (const v of this.inFlight.values()) n += v;
    return n + this.timers.size;
  }

  /** Resolves once nothing is queued, waiting for retry or in flight (or rejects after timeoutMs). */
  async idle(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.pendingCount() > 0) {
      if (Date.now() > until) throw new Error('webhook deliveries still pending');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  clear(): void {
    this.generation++;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.controllers) c.abort();
    this.pending = new Map();
    this.ready = new Map();
    this.log = [];
    this.counters.batchesSent = this.counters.eventsSent = this.counters.failedAttempts = 0;
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.clear();
    const until = Date.now() + 2000;
    while ([...this.inFlight.values()].some((v) => v > 0) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 5));
  }

  private enqueue(e: ChangeEvent): void {
    const cfg = this.cfg;
    if (!cfg) return;
    if (cfg.portalIds && !cfg.portalIds.includes(e.portalId)) return;
    const event = toWebhookEvent(e, cfg.appId);
    if (cfg.subscriptions && !cfg.subscriptions.includes(event.subscriptionType)) return;
    this.push(e.portalId, event);
    this.seenForDuplicates++;
    const share = cfg.duplicateShare;
    if (
      share > 0 &&
      Math.floor(this.seenForDuplicates * share) > Math.floor((this.seenForDuplicates - 1) * share)
    ) {
      this.later(cfg.batchDelayMs * 3, () => this.push(e.portalId, { ...event }));
    }
  }

  private push(portalId: number, event: WebhookEvent): void {
    const list = this.pending.get(portalId) ?? [];
    list.push(event);
    this.pending.set(portalId, list);
    if (list.length === 1) this.later(this.cfg?.batchDelayMs ?? 0, () => this.cut(portalId));
    else if (list.length >= (this.cfg?.maxBatchSize ?? 100)) this.cut(portalId);
  }

  /** Moves pending events into ready batches of at most maxBatchSize. */
  private cut(portalId: number): void {
    const cfg = this.cfg;
    const events = this.pending.get(portalId);
    if (!cfg || !events || events.length === 0) return;
    this.pending.set(portalId, []);
    if (cfg.reorder) shuffle(events);
    const ready = this.ready.get(portalId) ?? [];
    for (let i = 0; i < events.length; i += cfg.maxBatchSize) {
      ready.push({ portalId, events: events.slice(i, i + cfg.maxBatchSize), attempt: 0 });
    }
    if (cfg.reorder) shuffle(ready);
    this.ready.set(portalId, ready);
    this.pump(portalId);
  }

  private pump(portalId: number): void {
    const cfg = this.cfg;
    const ready = this.ready.get(portalId);
    if (!cfg || !ready) return;
    while (ready.length > 0 && (this.inFlight.get(portalId) ?? 0) < cfg.maxConcurrent) {
      const batch = ready.shift()!;
      this.inFlight.set(portalId, (this.inFlight.get(portalId) ?? 0) + 1);
      const delay = cfg.reorder ? Math.floor(Math.random() * cfg.batchDelayMs * 2) : 0;
      const go = (): void => {
        this.send(cfg, batch).finally(() => {
          this.inFlight.set(portalId, (this.inFlight.get(portalId) ?? 1) - 1);
          this.pump(portalId);
        });
      };
      if (delay > 0) this.later(delay, go);
      else go();
    }
  }

  private async send(cfg: ResolvedWebhookConfig, batch: Batch): Promise<void> {
    const generation = this.generation;
    const record = await postBatch(
      cfg,
      batch.portalId,
      batch.events,
      batch.attempt,
      this.nextDeliveryId++,
      this.controllers,
    );
    // A reset while the request was in flight: its outcome belongs to the discarded state.
    if (generation !== this.generation) return;
    this.log.push(record);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
    this.counters.batchesSent++;
    if (record.ok) {
      this.counters.eventsSent += batch.events.length;
      return;
    }
    this.counters.failedAttempts++;
    if (batch.attempt + 1 >= cfg.maxAttempts || this.cfg !== cfg) {
      this.logger.warn(
        `webhook batch of ${batch.events.length} events dropped after ${batch.attempt + 1} attempts`,
      );
      return;
    }
    this.later(retryDelayMs(cfg, batch.attempt, this.state.timeScale), () => {
      const ready = this.ready.get(batch.portalId) ?? [];
      ready.push({ ...batch, attempt: batch.attempt + 1 });
      this.ready.set(batch.portalId, ready);
      this.pump(batch.portalId);
    });
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }
}
