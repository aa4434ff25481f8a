import { Injectable } from '@nestjs/common';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { apiVersionStatus } from '../config/api-versions';
import { describeCredential } from '../config/config-warnings';
import { PortalRateLimiter } from '../http/rate-limit/portal-rate-limiter';
import { BudgetTracker } from '../http/budget-tracker';
import { DeadLettersService } from '../engine/dead-letters/dead-letters.service';
import { missingPropertiesAdvice } from '../engine/dead-letters/missing-properties';
import { HubspotProbe } from './hubspot-probe';
import { PortalBacklogReader, PortalDispatchState } from '../engine/dispatch/portal-backlog.reader';
import { QueueBacklogReader } from '../engine/workers/queue-backlog.reader';
import { OutboxRelay } from '../engine/outbox/outbox.relay';
import { throwIfLegacyTerminus } from './terminus-compat';

export interface HubspotHealthOptions {
  /** Reuse what was observed within this window before spending a probe call, ms (default 60 s). */
  maxAgeMs?: number;
  /** Down when more records (all portals, in flight included), webhook and sale jobs than this wait (default: no limit). */
  maxBacklog?: number;
  /** Down when more dead letters than this exist (default: no limit). */
  maxDeadLetters?: number;
  /** Down when the oldest unsettled outbox row is older than this, ms (default: no limit). */
  maxOutboxAgeMs?: number;
}

/** Terminus' result shape, declared here so @nestjs/terminus stays optional. */
export type HubspotHealthResult = Record<string, { status: 'up' | 'down'; [detail: string]: unknown }>;

/**
 * A Terminus health indicator: HubSpot reachable and authorised (per portal), limiter budget, each portal's
 * queued records (per lane, in flight, parked and why), the webhook, run and sale queues, dead letters and the
 * outbox (rows waiting, oldest age, relay paused). `health.check([() => hubspot.isHealthy('hubspot')])`.
 * Works without Terminus too.
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
    private readonly outbox: OutboxRelay,
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
    const [queues, deadLetters, missing, outbox] = await Promise.all([
      this.queues.backlog(),
      this.deadLetters.countOpen(),
      this.deadLetters.missingProperties(),
      this.outbox.status(),
    ]);
    // Writes refused for a missing property: the app stays up, but someone has to act.
    const warnings = missing.map(
      (m) =>
        `${missingPropertiesAdvice(m.portalId, m.objectType, [m.name])} (${m.deadLetters} open dead letter(s))`,
    );
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
    if (options.maxOutboxAgeMs !== undefined && outbox.oldestAgeSeconds * 1000 > options.maxOutboxAgeMs) {
      problems.push(
        `oldest outbox row ${Math.round(outbox.oldestAgeSeconds)} s > ${options.maxOutboxAgeMs / 1000} s`,
      );
    }
    const result: HubspotHealthResult = {
      [key]: {
        status: problems.length ? 'down' : 'up',
        ...(problems.length ? { message: problems.join('; ') } : {}),
        baseUrl: this.config.baseUrl,
        apiVersion: { version: this.config.apiVersion, status: apiVersionStatus(this.config.apiVersion) },
        credential: describeCredential(this.config),
        portals,
        // Redis unreachable: each process spends only its share of the window until it is back.
        limiter: { usingFallback: this.limiter.usingFallback },
        backlog,
        records,
        queues,
        deadLetters,
        outbox,
        ...(warnings.length ? { warnings } : {}),
      },
    };
    if (problems.length) throwIfLegacyTerminus(result);
    return result;
  }
}

/**
 * A portal's queued records for the health details: waiting per lane, in flight, parked (and why, until when),
 * and its outbox rows not settled yet (when it has any).
 */
function queueOf(d: PortalDispatchState) {
  return {
    lanes: Object.fromEntries(d.lanes.map((l) => [l.lane, l.ready])),
    inFlight: d.inFlight,
    ...(d.parked ? { parked: { ...d.parked, until: new Date(d.parked.until).toISOString() } } : {}),
    ...(d.outbox.size ? { outbox: d.outbox } : {}),
  };
}
