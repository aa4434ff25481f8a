import { Inject, Injectable } from '@nestjs/common';
import { PortalRateLimiter } from '../../http/rate-limit/portal-rate-limiter';
import { BudgetUsage } from '../../http/rate-limit/rate-limit.store';
import { TokenProvider } from '../../http/token-provider';
import { OutboxStats, OutboxStore } from '../outbox/outbox.store';
import { PortalStateStore } from './portal-state.store';
import { PortalBacklog } from './dispatch.types';
import { PortalIndex } from './portal-index';

/** One portal's queued work and budget, as operators (health, metrics, admin API, console) see it. */
export interface PortalDispatchState extends PortalBacklog {
  /** Records waiting in all lanes. */
  ready: number;
  /** The general rolling window right now (in flight included) and the daily budget when known. */
  budget: BudgetUsage;
  /** The portal's outbox rows not settled yet: written in the host's transactions, before (or while) queued. */
  outbox: OutboxStats;
}

const NO_OUTBOX: OutboxStats = { size: 0, waiting: 0, oldestAgeSeconds: 0 };

/**
 * Reads the dispatcher's per-portal queues, the limiter's windows from Redis and the portal's outbox rows from
 * the database: what waits per lane, what is in flight, why a portal is parked, how much of its budget is
 * spent, what has not reached Redis yet. Read only; safe in any process.
 */
@Injectable()
export class PortalBacklogReader {
  constructor(
    private readonly portalState: PortalStateStore,
    private readonly index: PortalIndex,
    private readonly limiter: PortalRateLimiter,
    private readonly outbox: OutboxStore,
    @Inject(TokenProvider) private readonly tokens: TokenProvider,
  ) {}

  /** Portals with queued work or outbox rows, plus the installed ones (or exactly `portalIds`), by portal id. */
  async portals(portalIds?: number[]): Promise<PortalDispatchState[]> {
    const outbox = await this.outbox.statsByPortal(portalIds);
    const ids = portalIds ?? [
      ...new Set([...(await this.index.portals()), ...(await this.installed()), ...outbox.keys()]),
    ];
    const states = await Promise.all(ids.map((id) => this.read(id, outbox.get(id))));
    return states.sort((a, b) => a.portalId - b.portalId);
  }

  async portal(portalId: number): Promise<PortalDispatchState> {
    const outbox = await this.outbox.statsByPortal([portalId]);
    return this.read(portalId, outbox.get(portalId));
  }

  /** Seconds the oldest due record of any portal has waited past its due time (0 when none is late). */
  async lagSeconds(now = Date.now()): Promise<number> {
    const backlogs = await Promise.all(
      (await this.index.portals()).map((id) => this.portalState.backlog(id)),
    );
    const oldest = Math.min(
      ...backlogs.map((b) => (b.parked?.scope === 'all' ? Infinity : (b.oldestDueAt ?? Infinity))),
    );
    return Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : 0;
  }

  private async read(portalId: number, outbox = NO_OUTBOX): Promise<PortalDispatchState> {
    const [backlog, budget] = await Promise.all([
      this.portalState.backlog(portalId),
      this.limiter.usage(portalId),
    ]);
    return { ...backlog, ready: backlog.lanes.reduce((n, l) => n + l.ready, 0), budget, outbox };
  }

  private installed(): Promise<number[]> {
    return this.tokens.portalIds().catch(() => []);
  }
}
