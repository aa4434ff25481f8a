import { Inject, Injectable } from '@nestjs/common';
import { OAuthInstallService } from '../../auth/oauth/oauth-install.service';
import { OAuthPortalsService } from '../../auth/oauth/oauth-portals.service';
import { OAuthPortalInfo } from '../../auth/oauth/oauth-token.types';
import { PortalBacklogReader, PortalDispatchState } from '../../engine/dispatch/portal-backlog.reader';
import { LaneBacklog, ParkReason } from '../../engine/dispatch/dispatch.types';
import { OutboxRelay, OutboxStatus } from '../../engine/outbox/outbox.relay';
import { OutboxStats } from '../../engine/outbox/outbox.store';
import { BudgetTracker } from '../../http/budget-tracker';
import { BULK_LANES } from '../../http/hubspot-request.types';
import { PortalBudgetReader, PortalBudgetUsage } from '../../http/rate-limit/portal-budget.reader';
import { PortalRateLimiter } from '../../http/rate-limit/portal-rate-limiter';
import { TokenProvider } from '../../http/token-provider';
import { SyncRunsService } from '../../runs/sync-runs.service';

/** Work of a portal that waits for it to take work again: its queued records, or a run. */
export interface ParkedWork {
  what: 'records' | 'runs';
  reason: string;
  message: string;
  count: number;
  /** When it is looked at again, epoch ms (0: unknown). */
  until: number;
}

/** One portal as the console's portal page shows it. */
export interface PortalOverview {
  portalId: number;
  budget: PortalBudgetUsage;
  /** Next daily reset, ISO time: midnight in the portal's own time zone. */
  dailyResetAt: string;
  /** What HubSpot's headers said in this process's last call (window remaining, max), if any. */
  lastSeen: { remaining?: number; max?: number; at?: number; rateLimited: Record<string, number> };
  /** Records waiting in the portal's dispatch queues, per lane (exact counts). */
  lanes: LaneBacklog[];
  /** Records in batches being sent right now. */
  inFlight: number;
  /** When the oldest waiting record became due, epoch ms (null: nothing waits). */
  oldestDueAt: number | null;
  /** The portal's outbox rows not settled yet (not relayed, or relayed and not sent). */
  outbox: OutboxStats;
  parked: ParkedWork[];
  /** OAuth install state; null for a private app. */
  oauth: Pick<OAuthPortalInfo, 'status' | 'statusReason' | 'hubDomain' | 'scopes' | 'expiresAt'> | null;
}

export interface PortalsOverview {
  mode: TokenProvider['mode'];
  /** The limiter counts in-process only (Redis unreachable from this process). */
  limiterFallback: boolean;
  /** The outbox table as a whole and this process's relay. */
  outbox: OutboxStatus;
  portals: PortalOverview[];
}

const PARK_MESSAGES: Record<ParkReason, string> = {
  daily_limit: "HubSpot's daily call limit is spent: every lane waits for the portal's daily reset",
  daily_reserve: 'Daily calls are down to the reserve kept for live work: reconcile and backfill wait',
  needs_reinstall: 'HubSpot refused the refresh token: the portal has to install the app again',
  outage: "HubSpot kept failing this portal's batches: tried again after a pause",
};

/**
 * Gathers per portal what operators watch: budget spent, daily reset, queued records per lane (the
 * dispatcher's own counts), outbox rows not settled, parked work and why, OAuth; and the relay's state.
 */
@Injectable()
export class PortalOverviewService {
  constructor(
    @Inject(TokenProvider) private readonly tokens: TokenProvider,
    private readonly budgets: PortalBudgetReader,
    private readonly tracker: BudgetTracker,
    private readonly limiter: PortalRateLimiter,
    private readonly dispatch: PortalBacklogReader,
    private readonly runs: SyncRunsService,
    private readonly install: OAuthInstallService,
    private readonly oauthPortals: OAuthPortalsService,
    private readonly relay: OutboxRelay,
  ) {}

  async overview(): Promise<PortalsOverview> {
    const [installed, queued, parkedRuns, outbox] = await Promise.all([
      this.install.enabled ? this.oauthPortals.list() : Promise.resolve([] as OAuthPortalInfo[]),
      this.dispatch.portals(),
      this.runs.list({ status: 'parked', limit: 200 }),
      this.relay.status(),
    ]);
    const states = new Map(queued.map((s) => [s.portalId, s]));
    // Installs parked for a re-install are not in the token provider's list, but operators look for them.
    for (const { portalId } of installed)
      if (!states.has(portalId)) states.set(portalId, await this.dispatch.portal(portalId));
    const portals = await Promise.all(
      [...states.values()]
        .sort((a, b) => a.portalId - b.portalId)
        .map(async (state): Promise<PortalOverview> => {
          const { portalId } = state;
          const oauth = installed.find((p) => p.portalId === portalId);
          const { updatedAt, ...lastSeen } = this.tracker.get(portalId);
          return {
            portalId,
            budget: await this.budgets.usage(portalId),
            dailyResetAt: this.limiter.dailyResetAt(portalId).toISOString(),
            lastSeen: { ...lastSeen, at: updatedAt },
            lanes: state.lanes,
            inFlight: state.inFlight,
            oldestDueAt: state.oldestDueAt ?? null,
            outbox: state.outbox,
            parked: [
              ...parkedRecords(state),
              ...parkedRuns
                .filter((run) => run.portalId === portalId)
                .map((run) => ({
                  what: 'runs' as const,
                  reason: `${run.kind} run ${run.id}`,
                  message: run.error ?? 'waiting for the daily budget',
                  count: 1,
                  until: run.parkedUntil?.getTime() ?? 0,
                })),
            ],
            oauth: oauth
              ? {
                  status: oauth.status,
                  statusReason: oauth.statusReason,
                  hubDomain: oauth.hubDomain,
                  scopes: oauth.scopes,
                  expiresAt: oauth.expiresAt,
                }
              : null,
          };
        }),
    );
    return { mode: this.tokens.mode, limiterFallback: this.limiter.usingFallback, outbox, portals };
  }
}

/** The portal's park, with the records it holds back (bulk lanes only for the daily reserve). */
function parkedRecords(state: PortalDispatchState): ParkedWork[] {
  const park = state.parked;
  if (!park) return [];
  const held = state.lanes
    .filter((l) => park.scope === 'all' || BULK_LANES.includes(l.lane))
    .reduce((n, l) => n + l.ready, 0);
  return [
    {
      what: 'records',
      reason: park.reason,
      message: PARK_MESSAGES[park.reason],
      count: held,
      until: park.until,
    },
  ];
}
