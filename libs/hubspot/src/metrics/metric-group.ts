import type { Metric, Registry } from 'prom-client';
import type { PromClientModule } from './prom-client.peer';

/** Metrics registered together, and how to stop feeding them. */
export interface MetricGroup {
  metrics: Metric[];
  stop(): void;
}

export type Registers = Registry[];

/** A read shared by the gauges of one scrape: done at most once a second. */
export function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > 1_000) last = { at: Date.now(), value: read() };
    return last.value;
  };
}

export type GaugeLabels = Record<string, string | number>;

export interface GaugeSpec {
  name: string;
  help: string;
  labelNames?: string[];
}

/** Sets one value of a gauge being collected: with labels, or the gauge's only value. */
export type SetGauge = (labels: GaugeLabels | number, value?: number) => void;

/**
 * A gauge read when Prometheus scrapes: `read` sets its current values (the previous scrape's are cleared
 * first, so a portal or queue that went away disappears).
 */
export function scrapedGauge(
  client: PromClientModule,
  registers: Registers,
  spec: GaugeSpec,
  read: (set: SetGauge) => Promise<void>,
): Metric {
  return new client.Gauge({
    ...spec,
    registers,
    async collect(this: { reset(): void; set(labels: GaugeLabels | number, value?: number): void }) {
      this.reset();
      await read((labels, value) =>
        typeof labels === 'number' ? this.set(labels) : this.set(labels, value),
      );
    },
  } as never);
}
