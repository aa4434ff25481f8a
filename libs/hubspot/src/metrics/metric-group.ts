import type { Metric, Registry } from 'prom-client';

/** Metrics registered together, and how to stop feeding them. */
export interface MetricGroup {
  metrics: Metric[];
  stop(): void;
}

export type Registers = Registry[];
