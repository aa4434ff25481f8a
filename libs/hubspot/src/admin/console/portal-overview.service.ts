import { Inject, Injectable } from '@nestjs/common';
import { OAuthInstallService } from '../../auth/oauth/oauth-install.service';
import { OAuthPortalsService } from '../../auth/oauth/oauth-portals.service';
import { OAuthPortalInfo } from '../../auth/oauth/oauth-token.types';
import { LaneBacklog, ParkedJobs, QueueBacklogReader } from '../../engine/workers/queue-backlog.reader';
import { BudgetTracker } from '../../http/budget-tracker';
import { PortalBudgetReader, PortalBudgetUsage } from '../../http/rate-limit/portal-budget.reader';
import { PortalRateLimiter } from '../../http/rate-limit/portal-rate-limiter';
import { TokenProvider } from '../../http/token-provider';
import { SyncRunsService } from '../../runs/sync-runs.service';

/** One portal as the console's portal page shows it. */
export interface PortalOverview {
  portalId: number;
  budget: PortalBudgetUsage;
  /** Next daily reset, ISO time: midnight in the portal's own time zone. */
  dailyResetAt: string;
  /** What HubSpot's headers said in this process's last call (window remaining, max), if any. */
  lastSeen: { remaining?: number; max?: number; at?: number; rateLimited: Record<string, number> };
  lanes: LaneBacklog[];
  parked: Array<
    ParkedJobs | { queue: 'runs'; reason: string; message: string; count: number; until: number }
  >;
  /** OAuth install state; null for a private app. */
  oauth: Pick<OAuthPortalInfo, 'status' | 'statusReason' | 'hubDomain' | 'scopes' | 'expiresAt'> | null;
}

export interface PortalsOverview {
  mode: TokenProvider['mode'];
  /** The limiter counts in-process only (Redis unreachable from this process). */
  limiterFallback: boolean;
  /** The backlog counts are of the first jobs of each queue only. */
  backlogSampled: boolean;
  portals: PortalOverview[];
}

/** Gathers per portal what operators watch: budget spent, daily reset, backlog per lane, parked work, OAuth. */
@Injectable()
export class PortalOverviewService {
  constructor(
    @Inject(TokenProvider) private readonly tokens: TokenProvider,
    private readonly budgets: PortalBudgetReader,
    private readonly tracker: BudgetTracker,
    private readonly limiter: PortalRateLimiter,
    private readonly backlog: QueueBacklogReader,
    private readonly runs: SyncRunsService,
    private readonly install: OAuthInstallService,
    private readonly oauthPortals: OAuthPortalsService,
  ) {}

  async overview(): Promise<PortalsOverview> {
    const [installed, active, backlog, parkedRuns] = await Promise.all([
      this.install.enabled ? this.oauthPortals.list() : Promise.resolve([] as OAuthPortalInfo[]),
      this.tokens.portalIds(),
      this.backlog.byPortalAndLane(),
      this.runs.list({ status: 'parked', limit: 200 }),
    ]);
    const ids = [...new Set([...active, ...installed.map((p) => p.portalId)])].sort((a, b) => a - b);
    const portals = await Promise.all(
      ids.map(async (portalId): Promise<PortalOverview> => {
        const oauth = installed.find((p) => p.portalId === portalId);
        const { updatedAt, ...lastSeen } = this.tracker.get(portalId);
        return {
          portalId,
          budget: await this.budgets.usage(portalId),
          dailyResetAt: this.limiter.dailyResetAt(portalId).toISOString(),
          lastSeen: { ...lastSeen, at: updatedAt },
          lanes: backlog.lanes.filter((l) => l.portalId === portalId),
          parked: [
            ...backlog.parked.filter((p) => p.portalId === portalId),
            ...parkedRuns
              .filter((run) => run.portalId === portalId)
              .map((run) => ({
                queue: 'runs' as const,
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
    return {
      mode: this.tokens.mode,
      limiterFallback: this.limiter.usingFallback,
      backlogSampled: backlog.sampled,
      portals,
    };
  }
}
