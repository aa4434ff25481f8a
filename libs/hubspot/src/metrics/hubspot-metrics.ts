import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Metric, register as defaultRegistry, Registry } from 'prom-client';
import { DeadLettersService } from '../engine/dead-letters/dead-letters.service';
import { QueueBacklogReader } from '../engine/workers/queue-backlog.reader';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { HubspotTelemetry } from '../http/hubspot-telemetry';
import { SyncEvents } from '../engine/sync-events';
import { OutboxRelay } from '../engine/outbox/outbox.relay';
import { apiMetrics } from './api-metrics';
import { MetricGroup } from './metric-group';
import { stateMetrics } from './state-metrics';
import { syncMetrics } from './sync-metrics';

/**
 * Prometheus metrics of the module, off unless `metrics.enabled`. They live in `registry` and, unless another
 * instance got there first, in prom-client's default registry too, so a host's existing /metrics shows them.
 */
@Injectable()
export class HubspotMetrics implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(HubspotMetrics.name);
  readonly registry = new Registry();
  private groups: MetricGroup[] = [];
  private inDefaultRegistry = false;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly telemetry: HubspotTelemetry,
    private readonly syncEvents: SyncEvents,
    private readonly queues: QueueBacklogReader,
    private readonly deadLetters: DeadLettersService,
    private readonly outbox: OutboxRelay,
  ) {}

  get enabled(): boolean {
    return this.config.metrics.enabled;
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    const registers = [this.registry];
    this.groups = [
      apiMetrics(registers, this.telemetry),
      syncMetrics(registers, this.syncEvents),
      stateMetrics(registers, this.queues, this.deadLetters, this.outbox),
    ];
    this.shareWithDefaultRegistry();
  }

  /** Prometheus text exposition of the module's metrics. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  onApplicationShutdown(): void {
    for (const group of this.groups) group.stop();
    if (this.inDefaultRegistry) {
      for (const m of this.metrics()) defaultRegistry.removeSingleMetric(nameOf(m));
    }
    this.registry.clear();
    this.groups = [];
  }

  private metrics(): Metric[] {
    return this.groups.flatMap((g) => g.metrics);
  }

  private shareWithDefaultRegistry(): void {
    if (this.metrics().some((m) => defaultRegistry.getSingleMetric(nameOf(m)))) {
      this.logger.warn(
        'HubSpot metrics already in the default registry (second module instance?); using own registry',
      );
      return;
    }
    for (const m of this.metrics()) defaultRegistry.registerMetric(m);
    this.inDefaultRegistry = true;
  }
}

function nameOf(metric: Metric): string {
  return (metric as unknown as { name: string }).name;
}
