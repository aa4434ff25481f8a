import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { BULK_LANES } from '../../http/hubspot-request.types';
import { HeldPermit } from '../../http/rate-limit/held-permit';
import { PortalRateLimiter } from '../../http/rate-limit/portal-rate-limiter';
import { DispatchBatchRunner } from './dispatch-batch.runner';
import { DispatchKinds } from './dispatch-kinds.registry';
import { DispatchNudges } from './dispatch-nudges';
import { DispatchStore } from './dispatch.store';
import { PortalStateStore } from './portal-state.store';
import { PortalIndex } from './portal-index';
import { PortalIndexSweeper } from './portal-index.sweeper';

/** How long a visit holds a portal's index entry (a process dying mid-visit delays the portal this long). */
const VISIT_LEASE_MS = 1_000;
/** The longest a portal with work waits for its next look, whatever its own estimate says. */
const MAX_NEXT_MS = 1_000;
/** A parked portal is looked at again this often (an operator or a re-install may have un-parked it). */
const PARK_RECHECK_MS = 5_000;
/** Sleep when nothing is due and no nudge arrives. */
const IDLE_MS = 1_000;

/**
 * Sends every portal's queued work, fairly. Each worker process runs this loop: it takes as many due portals
 * from the shared index as it has free batch slots (oldest due first, so portals take turns) and visits them
 * side by side. For each it asks the portal's limiter for a slot
 * WITHOUT waiting; only with a slot in hand does it claim up to `batchSize` records of the portal's highest
 * lane with due work and start a batch. A portal without budget (or parked: daily limit, re-install, outage)
 * holds no batch slot, so it never delays another portal. At most `sync.concurrency` batches run per process;
 * one portal takes at most `concurrency - 1` of them, half of them while other portals are due. Runs only when
 * `sync.worker` is true.
 */
@Injectable()
export class SyncDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SyncDispatcher.name);
  private running = false;
  private loop?: Promise<void>;
  private readonly batches = new Set<Promise<void>>();
  private readonly perPortal = new Map<number, number>();
  private sleeping?: { until: number; timer: NodeJS.Timeout; resolve: () => void };
  private lastLoopError = 0;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly store: DispatchStore,
    private readonly portals: PortalStateStore,
    private readonly index: PortalIndex,
    private readonly nudges: DispatchNudges,
    private readonly runner: DispatchBatchRunner,
    private readonly limiter: PortalRateLimiter,
    private readonly kinds: DispatchKinds,
    @Inject(PortalIndexSweeper) private readonly sweeper: PortalIndexSweeper,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.sync.worker) return;
    this.running = true;
    // Without nudges (Redis away at boot) the loop still polls the index every second.
    await this.nudges
      .subscribe((_portalId, due) => this.wakeAt(due))
      .catch((err: Error) => this.logger.warn(`No dispatch nudges (${err.message}): polling the index`));
    this.sweeper.start();
    this.loop = this.run();
  }

  /** Stops taking work, lets running batches settle (bounded), and leaves the rest to lease expiry. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.sweeper.stop();
    this.wakeAt(0);
    await this.loop;
    const grace = new Promise<void>((r) => setTimeout(r, this.config.http.timeoutMs + 2_000).unref());
    await Promise.race([Promise.allSettled([...this.batches]), grace]);
  }

  private get concurrency(): number {
    return this.config.sync.concurrency;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const free = this.concurrency - this.batches.size;
        if (free <= 0) {
          await this.sleep(IDLE_MS);
          continue;
        }
        // As many due portals as this process has free slots; the others stay for other processes.
        const taken = await this.index.take(free, VISIT_LEASE_MS);
        if (!taken.portals.length) {
          await this.sleep(await this.idleFor(taken.lease - VISIT_LEASE_MS));
          continue;
        }
        // Other portals are due too: none may take more than its half of the slots.
        const crowded = taken.due > 1;
        const visits = await Promise.all(
          taken.portals.map(async ({ portalId, due }) => {
            if (!this.running || !this.hasSlot(portalId, crowded)) {
              await this.index.settle(portalId, taken.lease, due);
              return false;
            }
            const next = await this.visit(portalId).catch((err: Error) => {
              this.logger.error(`Visit of portal ${portalId} failed: ${err.message}`);
              return taken.lease;
            });
            await this.index.settle(portalId, taken.lease, next);
            return true;
          }),
        );
        // Due but no slot for it (its share is taken): a finishing batch wakes the loop.
        if (!visits.includes(true)) await this.sleep(IDLE_MS);
      } catch (err) {
        // Redis away: say so every 10 s, not every second.
        if (Date.now() - this.lastLoopError > 10_000)
          this.logger.error(`Dispatch loop: ${(err as Error).message}`);
        this.lastLoopError = Date.now();
        await this.sleep(IDLE_MS);
      }
    }
  }

  /** One turn of one portal: at most one batch. Returns when it is next due, or null when it has no work. */
  private async visit(portalId: number): Promise<number | null> {
    const peek = await this.store.peek(portalId);
    if (peek.nextDue === null && peek.nextLeaseExpiry === null) return null;
    const cap = peek.now + MAX_NEXT_MS;
    if (peek.park?.scope === 'all') return Math.min(peek.park.until, peek.now + PARK_RECHECK_MS);
    for (const { kind, lane } of peek.dispatchable) {
      if (peek.park && BULK_LANES.includes(lane)) continue;
      const handler = this.kinds.get(kind);
      if (!handler) continue;
      const offer = await this.limiter.tryAcquire(portalId, lane, handler.bucket);
      if ('daily' in offer && offer.daily) {
        const ms = offer.daily.resetAt.getTime() - Date.now();
        if (!offer.daily.reserveHeld) {
          await this.portals.park(portalId, 'daily_limit', ms, 'all');
          return peek.now + PARK_RECHECK_MS;
        }
        await this.portals.park(portalId, 'daily_reserve', ms, 'bulk');
        continue;
      }
      // No slot: lower lanes yield to this one anyway (the limiter registered it as waiting).
      if (!('permit' in offer)) return Math.min(cap, peek.now + offer.waitMs);
      const token = randomUUID();
      const records = await this.store.claim(portalId, kind, lane, token);
      const permit = new HeldPermit(offer.permit);
      if (!records.length) {
        await permit.release();
        continue;
      }
      this.start(portalId, this.runner.run({ portalId, lane, handler, records, token, permit }));
      return peek.now;
    }
    // Nothing started although something was due (claimed by another process, bulk lanes parked): look later.
    if (peek.dispatchable.length || peek.park) return cap;
    return Math.min(cap, peek.nextDue ?? Infinity, peek.nextLeaseExpiry ?? Infinity);
  }

  private start(portalId: number, batch: Promise<number | null>): void {
    this.perPortal.set(portalId, (this.perPortal.get(portalId) ?? 0) + 1);
    const tracked = batch
      .then(async (due) => {
        if (due !== null) await this.index.lower(portalId, due);
      })
      .catch((err: Error) => this.logger.error(`Batch of portal ${portalId}: ${err.message}`))
      .finally(() => {
        const left = (this.perPortal.get(portalId) ?? 1) - 1;
        if (left) this.perPortal.set(portalId, left);
        else this.perPortal.delete(portalId);
        this.batches.delete(tracked);
        this.wakeAt(0);
      });
    this.batches.add(tracked);
  }

  /**
   * A free batch slot in this process, and the portal below its share: half the slots while other portals are
   * due, else all but one (kept for a portal that becomes due meanwhile).
   */
  private hasSlot(portalId: number, crowded: boolean): boolean {
    const share = crowded ? Math.floor(this.concurrency / 2) : this.concurrency - 1;
    return this.batches.size < this.concurrency && (this.perPortal.get(portalId) ?? 0) < Math.max(1, share);
  }

  /** Until the next portal is due (Redis time `now`), at most IDLE_MS. */
  private async idleFor(now: number): Promise<number> {
    const earliest = await this.index.earliest();
    if (earliest === null) return IDLE_MS;
    return Math.min(IDLE_MS, Math.max(5, earliest - now));
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wakeAt(0), ms);
      this.sleeping = { until: Date.now() + ms, timer, resolve };
    });
  }

  /** Wakes the loop at `due` (epoch ms) if that is earlier than its current sleep; 0 wakes it now. */
  private wakeAt(due: number): void {
    const sleeping = this.sleeping;
    if (!sleeping || due >= sleeping.until) return;
    clearTimeout(sleeping.timer);
    const delay = due - Date.now();
    if (delay > 0) {
      sleeping.until = due;
      sleeping.timer = setTimeout(() => this.wakeAt(0), delay);
      return;
    }
    this.sleeping = undefined;
    sleeping.resolve();
  }
}
