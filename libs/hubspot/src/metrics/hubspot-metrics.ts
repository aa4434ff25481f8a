import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Counter, Gauge, Histogram, Metric, register as defaultRegistry, Registry } from 'prom-client';
import { DeadLetterCounter } from '../health/dead-letter.counter';
import { QueueBacklogReader } from '../health/queue-backlog.reader';
import { HubspotConfig } from '../hubspot.config';
import { HUBSPOT_CONFIG } from '../hubspot.constants';
import {
  HubspotBudgetEvent,
  HubspotCallEvent,
  HubspotRateLimitedEvent,
  HubspotTelemetry,
} from '../http/hubspot-telemetry';
import { normaliseRoute } from './route-normaliser';

/**
 * Prometheus metrics of the module, off unless `metrics.enabled`. They live in `registry` and, unless another
 * instance got there first, in prom-client's default registry too, so a host's existing /metrics shows them.
 */
@Injectable()
export class HubspotMetrics implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(HubspotMetrics.name);
  readonly registry = new Registry();
  private metrics: Metric[] = [];
  private inDefaultRegistry = false;
  private unsubscribe: () => void = () => undefined;

  constructor(
    @Inject(HUBSPOT_CONFIG) private readonly config: HubspotConfig,
    private readonly telemetry: HubspotTelemetry,
    private readonly queues: QueueBacklogReader,
    private readonly deadLetterCounter: DeadLetterCounter,
  ) {}

  get enabled(): boolean {
    return this.config.metrics.enabled;
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    const registers = [this.registry];
    const calls = new Counter({
      name: 'hubspot_api_calls_total',
      help: 'HubSpot API call attempts by portal, method, route, status (0 = network error) and lane',
      labelNames: ['portal', 'method', 'route', 'status', 'lane'],
      registers,
    });
    const duration = new Histogram({
      name: 'hubspot_api_call_duration_seconds',
      help: 'HubSpot API call attempt duration',
      labelNames: ['method', 'route'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const rateLimited = new Counter({
      name: 'hubspot_rate_limited_total',
      help: '429 answers from HubSpot by portal and policy (TEN_SECONDLY_ROLLING, SECONDLY, DAILY)',
      labelNames: ['portal', 'policy'],
      registers,
    });
    const remaining = new Gauge({
      name: 'hubspot_rate_limit_remaining',
      help: 'Calls left in the rolling window, as HubSpot last reported',
      labelNames: ['portal'],
      registers,
    });
    const max = new Gauge({
      name: 'hubspot_rate_limit_max',
      help: 'Calls allowed per rolling window, as HubSpot last reported',
      labelNames: ['portal'],
      registers,
    });
    const dailyRemaining = new Gauge({
      name: 'hubspot_daily_remaining',
      help: 'Calls left today for the portal, as HubSpot last reported',
      labelNames: ['portal'],
      registers,
    });
    const { queues, deadLetterCounter } = this;
    const queueDepth = new Gauge({
      name: 'hubspot_queue_jobs',
      help: 'Jobs in the module queues by state',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const q of await queues.backlog()) {
          for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) {
            this.set({ queue: q.queue, state }, q[state]);
          }
        }
      },
    });
    const syncLag = new Gauge({
      name: 'hubspot_sync_lag_seconds',
      help: 'Age of the oldest sync intent still waiting to be sent',
      registers,
      async collect() {
        this.set(await queues.syncLagSeconds());
      },
    });
    const deadLetters = new Gauge({
      name: 'hubspot_dead_letters',
      help: 'Records parked in hubspot_dead_letters awaiting an operator or reconciliation',
      registers,
      async collect() {
        this.set(await deadLetterCounter.count());
      },
    });
    this.metrics = [
      calls,
      duration,
      rateLimited,
      remaining,
      max,
      dailyRemaining,
      queueDepth,
      syncLag,
      deadLetters,
    ];

    const onCall = (e: HubspotCallEvent) => {
      const route = normaliseRoute(e.route);
      calls.inc({ portal: e.portalId, method: e.method, route, status: e.status, lane: e.lane });
      duration.observe({ method: e.method, route }, e.durationMs / 1000);
    };
    const onRateLimited = (e: HubspotRateLimitedEvent) =>
      rateLimited.inc({ portal: e.portalId, policy: e.policyName });
    const onBudget = (e: HubspotBudgetEvent) => {
      remaining.set({ portal: e.portalId }, e.remaining);
      max.set({ portal: e.portalId }, e.max);
      if (e.dailyRemaining !== undefined) dailyRemaining.set({ portal: e.portalId }, e.dailyRemaining);
    };
    this.telemetry.on('call', onCall).on('rate-limited', onRateLimited).on('budget', onBudget);
    this.unsubscribe = () => {
      this.telemetry.off('call', onCall).off('rate-limited', onRateLimited).off('budget', onBudget);
    };
    this.shareWithDefaultRegistry();
  }

  /** Prometheus text exposition of the module's metrics. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  onApplicationShutdown(): void {
    this.unsubscribe();
    if (this.inDefaultRegistry) {
      for (const m of this.metrics) defaultRegistry.removeSingleMetric(nameOf(m));
    }
    this.registry.clear();
  }

  private shareWithDefaultRegistry(): void {
    if (this.metrics.some((m) => defaultRegistry.getSingleMetric(nameOf(m)))) {
      this.logger.warn(
        'HubSpot metrics already in the default registry (second module instance?); using own registry',
      );
      return;
    }
    for (const m of this.metrics) defaultRegistry.registerMetric(m);
    this.inDefaultRegistry = true;
  }
}

function nameOf(metric: Metric): string {
  return (metric as unknown as { name: string }).name;
}
