import { Injectable } from '@nestjs/common';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { PortalRateLimiter } from '../http/rate-limit/portal-rate-limiter';
import { BudgetTracker } from '../http/budget-tracker';
import { DeadLettersService } from '../engine/dead-letters/dead-letters.service';
import { HubspotProbe } from './hubspot-probe';
import { PortalBacklogReader, PortalDispatchState } from '../engine/dispatch/portal-backlog.reader';
import { QueueBacklogReader } from '../engine/workers/queue-backlog.reader';
import { throwIfLegacyTerminus } from './terminus-compat';

export interface HubspotHealthOptions {
  /** Reuse what was observed within this window before spending a probe call, ms (default 60 s). */
  maxAgeMs?: number;
  /** Down when more records (all portals, in flight included) and webhook jobs than this wait (default: no limit). */
  maxBacklog?: number;
  /** Down when more dead letters than this exist (default: no limit). */
  maxDeadLetters?: number;
}

/** Terminus' result shape, declared here so @nestjs/terminus stays optional. */
export type HubspotHealthResult = Record<string, { status: 'up' | 'down'; [detail: string]: unknown }>;

/**
 * A Terminus health indicator: HubSpot reachable and authorised (per portal), limiter budget, each portal's
 * queued records (per lane, in flight, parked and why), the webhook and run queues, and dead letters. `health.check([() => hubspot.isHealthy('hubspot')])`. Works without Terminus too.
 */
@Injectable()
export class HubspotHealthIndicator {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly probe: HubspotProbe,
    private readonly budget: BudgetTracker,
    private readonly queues: QueueBacklogReader,
    private readonly dispatch: PortalBacklogReader,
    private readonly deadLetters: DeadLettersService,
    private readonly limiter: PortalRateLimiter,
  ) {}

  async isHealthy(key = 'hubspot', options: HubspotHealthOptions = {}): Promise<HubspotHealthResult> {
    const problems: string[] = [];
    const portalIds = await this.probe.portals().catch((e: Error) => {
      problems.push(`token provider: ${e.message}`);
      return [] as number[];
    });
    const dispatch = await this.dispatch.portals().catch((e: Error) => {
      problems.push(`queued records unreadable: ${e.message}`);
      return [] as PortalDispatchState[];
    });
    const queued = new Map(dispatch.map((d) => [d.portalId, queueOf(d)]));
    const portals: Array<Record<string, unknown>> = await Promise.all(
      portalIds.map(async (portalId) => {
        const probe = await this.probe.check(portalId, options.maxAgeMs);
        if (!probe.reachable)
          problems.push(`portal ${portalId}: HubSpot unreachable (status ${probe.status})`);
        else if (!probe.authorised)
          problems.push(`portal ${portalId}: token rejected (status ${probe.status})`);
        return {
          ...probe,
          budget: this.budget.get(portalId),
          dailyResetAt: this.limiter.dailyResetAt(portalId),
          queue: queued.get(portalId) ?? { lanes: {}, inFlight: 0 },
        };
      }),
    );
    // Portals no longer installed can still hold queued records.
    for (const d of dispatch)
      if (!portalIds.includes(d.portalId)) portals.push({ portalId: d.portalId, queue: queueOf(d) });
    const [queues, deadLetters] = await Promise.all([this.queues.backlog(), this.deadLetters.countOpen()]);
    const records = dispatch.reduce((sum, d) => sum + d.ready + d.inFlight, 0);
    const backlog =
      records +
      queues.filter((q) => q.queue !== 'hubspot-runs').reduce((sum, q) => sum + q.waiting + q.delayed, 0);
    if (options.maxBacklog !== undefined && backlog > options.maxBacklog) {
      problems.push(`backlog ${backlog} > ${options.maxBacklog}`);
    }
    if (options.maxDeadLetters !== undefined && deadLetters > options.maxDeadLetters) {
      problems.push(`dead letters ${deadLetters} > ${options.maxDeadLetters}`);
    }
    const result: HubspotHealthResult = {
      [key]: {
        status: problems.length ? 'down' : 'up',
        ...(problems.length ? { message: problems.join('; ') } : {}),
        baseUrl: this.config.baseUrl,
        portals,
        // Redis unreachable: each process spends only its share of the window until it is back.
        limiter: { usingFallback: this.limiter.usingFallback },
        backlog,
        records,
        queues,
        deadLetters,
      },
    };
    if (problems.length) throwIfLegacyTerminus(result);
    return result;
  }
}

/** A portal's queued records for the health details: waiting per lane, in flight, parked (and why, until when). */
function queueOf(d: PortalDispatchState) {
  return {
    lanes: Object.fromEntries(d.lanes.map((l) => [l.lane, l.ready])),
    inFlight: d.inFlight,
    ...(d.parked ? { parked: { ...d.parked, until: new Date(d.parked.until).toISOString() } } : {}),
  };
}
