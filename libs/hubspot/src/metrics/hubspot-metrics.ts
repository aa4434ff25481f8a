import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Metric, Registry } from 'prom-client';
import { DeadLettersService } from '../engine/dead-letters/dead-letters.service';
import { PortalBacklogReader } from '../engine/dispatch/portal-backlog.reader';
import { QueueBacklogReader } from '../engine/workers/queue-backlog.reader';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { HubspotTelemetry } from '../http/hubspot-telemetry';
import { SyncEvents } from '../engine/sync-events';
import { OutboxRelay } from '../engine/outbox/outbox.relay';
import { apiMetrics } from './api-metrics';
import { MetricGroup } from './metric-group';
import { portalMetrics } from './portal-metrics';
import { promClient } from './prom-client.peer';
import { stateMetrics } from './state-metrics';
import { syncMetrics } from './sync-metrics';

/**
 * Prometheus metrics of the module, off unless `metrics.enabled`. They live in `registry` and, unless another
 * instance got there first, in prom-client's default registry too, so a host's existing /metrics shows them.
 * prom-client is an optional peer: loaded only when enabled, and the boot fails, saying so, when it is missing.
 */
@Injectable()
export class HubspotMetrics implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(HubspotMetrics.name);
  private ownRegistry?: Registry;
  private groups: MetricGroup[] = [];
  private inDefaultRegistry = false;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly telemetry: HubspotTelemetry,
    private readonly syncEvents: SyncEvents,
    private readonly queues: QueueBacklogReader,
    private readonly dispatch: PortalBacklogReader,
    private readonly deadLetters: DeadLettersService,
    private readonly outbox: OutboxRelay,
  ) {}

  get enabled(): boolean {
    return this.config.metrics.enabled;
  }

  /** The module's own registry (prom-client's `Registry`); needs prom-client. */
  get registry(): Registry {
    this.ownRegistry ??= new (promClient().Registry)();
    return this.ownRegistry;
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    const client = promClient();
    const registers = [this.registry];
    this.groups = [
      apiMetrics(client, registers, this.telemetry),
      syncMetrics(client, registers, this.syncEvents),
      stateMetrics(client, registers, this.queues, this.dispatch, this.deadLetters, this.outbox),
      portalMetrics(client, registers, this.dispatch),
    ];
    this.shareWithDefaultRegistry(client.register);
  }

  /** Prometheus text exposition of the module's metrics (empty while metrics are off). */
  async text(): Promise<string> {
    return this.ownRegistry ? this.ownRegistry.metrics() : '';
  }

  onApplicationShutdown(): void {
    for (const group of this.groups) group.stop();
    if (this.inDefaultRegistry) {
      const defaultRegistry = promClient().register;
      for (const m of this.metrics()) defaultRegistry.removeSingleMetric(nameOf(m));
      this.inDefaultRegistry = false;
    }
    this.ownRegistry?.clear();
    this.groups = [];
  }

  private metrics(): Metric[] {
    return this.groups.flatMap((g) => g.metrics);
  }

  private shareWithDefaultRegistry(defaultRegistry: Registry): void {
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
