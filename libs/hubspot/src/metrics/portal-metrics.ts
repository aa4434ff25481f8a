import { PortalBacklogReader } from '../engine/dispatch/portal-backlog.reader';
import { GaugeSpec, MetricGroup, perScrape, Registers, scrapedGauge } from './metric-group';
import { PromClientModule } from './prom-client.peer';

/** Read at scrape time: each portal's queued records per lane, in flight, parked (and why), budget in use. */
export function portalMetrics(
  client: PromClientModule,
  registers: Registers,
  reader: PortalBacklogReader,
): MetricGroup {
  const states = perScrape(() => reader.portals());
  const perPortal = (
    spec: GaugeSpec,
    value: (
      s: Awaited<ReturnType<typeof states>>[number],
    ) => Array<[Record<string, string | number>, number]>,
  ) =>
    scrapedGauge(client, registers, spec, async (set) => {
      for (const s of await states()) for (const [labels, v] of value(s)) set(labels, v);
    });
  const metrics = [
    perPortal(
      {
        name: 'hubspot_portal_backlog',
        help: 'Records waiting to be sent, by portal and lane',
        labelNames: ['portal', 'lane'],
      },
      (s) => s.lanes.map((l) => [{ portal: s.portalId, lane: l.lane }, l.ready]),
    ),
    perPortal(
      {
        name: 'hubspot_portal_in_flight',
        help: 'Records in batches being sent right now, by portal',
        labelNames: ['portal'],
      },
      (s) => [[{ portal: s.portalId }, s.inFlight]],
    ),
    perPortal(
      {
        name: 'hubspot_portal_parked',
        help: 'Portals whose work waits (1): daily_limit, daily_reserve (bulk lanes only), needs_reinstall, outage',
        labelNames: ['portal', 'reason'],
      },
      (s) => (s.parked ? [[{ portal: s.portalId, reason: s.parked.reason }, 1]] : []),
    ),
    perPortal(
      {
        name: 'hubspot_portal_budget_used_ratio',
        help: "Share of the portal's rolling-window budget in use (calls in flight included)",
        labelNames: ['portal'],
      },
      (s) => [[{ portal: s.portalId }, s.budget.used / Math.max(1, s.budget.max)]],
    ),
  ];
  return { metrics, stop: () => undefined };
}
