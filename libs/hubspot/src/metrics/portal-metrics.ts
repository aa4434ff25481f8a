import { PortalBacklogReader, PortalDispatchState } from '../engine/dispatch/portal-backlog.reader';
import { MetricGroup, Registers } from './metric-group';
import { PromClientModule } from './prom-client.peer';

/** One read of every portal's state per scrape, shared by the gauges below. */
function perScrape(reader: PortalBacklogReader): () => Promise<PortalDispatchState[]> {
  let last: { at: number; states: Promise<PortalDispatchState[]> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > 1_000) last = { at: Date.now(), states: reader.portals() };
    return last.states;
  };
}

/** Read at scrape time: each portal's queued records per lane, in flight, parked (and why), budget in use. */
export function portalMetrics(
  client: PromClientModule,
  registers: Registers,
  reader: PortalBacklogReader,
): MetricGroup {
  const states = perScrape(reader);
  const backlog = new client.Gauge({
    name: 'hubspot_portal_backlog',
    help: 'Records waiting to be sent, by portal and lane',
    labelNames: ['portal', 'lane'],
    registers,
    async collect() {
      this.reset();
      for (const s of await states())
        for (const l of s.lanes) this.set({ portal: s.portalId, lane: l.lane }, l.ready);
    },
  });
  const inFlight = new client.Gauge({
    name: 'hubspot_portal_in_flight',
    help: 'Records in batches being sent right now, by portal',
    labelNames: ['portal'],
    registers,
    async collect() {
      this.reset();
      for (const s of await states()) this.set({ portal: s.portalId }, s.inFlight);
    },
  });
  const parked = new client.Gauge({
    name: 'hubspot_portal_parked',
    help: 'Portals whose work waits (1): daily_limit, daily_reserve (bulk lanes only), needs_reinstall, outage',
    labelNames: ['portal', 'reason'],
    registers,
    async collect() {
      this.reset();
      for (const s of await states())
        if (s.parked) this.set({ portal: s.portalId, reason: s.parked.reason }, 1);
    },
  });
  const budgetUsed = new client.Gauge({
    name: 'hubspot_portal_budget_used_ratio',
    help: "Share of the portal's rolling-window budget in use (calls in flight included)",
    labelNames: ['portal'],
    registers,
    async collect() {
      this.reset();
      for (const s of await states())
        this.set({ portal: s.portalId }, s.budget.used / Math.max(1, s.budget.max));
    },
  });
  return { metrics: [backlog, inFlight, parked, budgetUsed], stop: () => undefined };
}
