import { Injectable, Logger } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import {
  HubspotDailyLimitError,
  HubspotError,
  HubspotRateLimitedError,
  HubspotReinstallRequiredError,
  HubspotTransientError,
} from '../../errors';
import { Lane } from '../../http/hubspot-request.types';
import { HeldPermit } from '../../http/rate-limit/held-permit';
import { PortalRateLimiter } from '../../http/rate-limit/portal-rate-limiter';
import { OutboxSettlement } from '../outbox/outbox.settlement';
import { retryDelayMs } from './dispatch-backoff';
import { DispatchStore, Release } from './dispatch.store';
import { PortalStateStore } from './portal-state.store';
import { ClaimedRecord, DispatchKindHandler, RecordVerdict } from './dispatch.types';
import { markedIds, OUTBOX_MARK } from './record-marks';

/** Failed batches in a row (HubSpot down for the portal) before the portal parks. */
const OUTAGE_AFTER = 3;
/** How long a needs-reinstall portal parks before its work is tried again (a re-install un-parks at once). */
const REINSTALL_PARK_MS = 60_000;
const OUTAGE_PARK_MAX_MS = 60_000;

export interface RunningBatch {
  portalId: number;
  lane: Lane;
  handler: DispatchKindHandler;
  records: ClaimedRecord[];
  token: string;
  permit: HeldPermit;
}

/**
 * Runs one claimed batch: keeps its leases alive while the kind's handler sends it, then settles each record
 * from its verdict (finish, retry with backoff, put back) and parks the portal when HubSpot says it cannot take
 * work (daily budget, re-install, outage). The outbox rows a finished record carries are deleted before its
 * claim is let go, so a crash in between leaves them for the relay. Returns when the portal is next due.
 */
@Injectable()
export class DispatchBatchRunner {
  private readonly logger = new Logger('SyncDispatcher');

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly store: DispatchStore,
    private readonly portals: PortalStateStore,
    private readonly limiter: PortalRateLimiter,
    private readonly outbox: OutboxSettlement,
  ) {}

  async run(batch: RunningBatch): Promise<number | null> {
    const { portalId, lane, handler, records, token, permit } = batch;
    const members = records.map((r) => r.member);
    const renew = setInterval(
      () => void this.store.renew(portalId, token, members).catch(() => undefined),
      Math.max(100, Math.floor(this.config.sync.leaseMs / 3)),
    );
    let verdicts: RecordVerdict[];
    try {
      verdicts = await handler.send({
        portalId,
        lane,
        records,
        permit,
        morePermit: async () => {
          const offer = await this.limiter.tryAcquire(portalId, lane, handler.bucket);
          return 'permit' in offer ? new HeldPermit(offer.permit) : null;
        },
      });
    } catch (err) {
      this.logger.error(
        `Batch of ${records.length} for portal ${portalId} failed: ${(err as Error).message}`,
      );
      verdicts = records.map(() => ({ next: 'retry', error: err as Error }));
    } finally {
      clearInterval(renew);
      await permit.release().catch(() => undefined);
    }
    return this.settle(portalId, records, verdicts, token);
  }

  private async settle(
    portalId: number,
    records: ClaimedRecord[],
    verdicts: RecordVerdict[],
    token: string,
  ): Promise<number | null> {
    const finished: ClaimedRecord[] = [];
    const back: Release[] = [];
    let parkedBy: HubspotError | undefined;
    records.forEach((record, i) => {
      const verdict = verdicts[i] ?? { next: 'release' };
      if (verdict.next === 'done') finished.push(record);
      else if (verdict.next === 'retry') back.push(this.retry(record, verdict.error));
      else {
        // Never sent: back to its old place (still the oldest of its lane), no attempt spent.
        if (verdict.next === 'park') parkedBy ??= verdict.error;
        back.push({ member: record.member, at: record.due, delayMs: 0, addAttempts: 0 });
      }
    });
    const done = await this.settleOutbox(portalId, finished, back);
    const [states, released] = await Promise.all([
      this.store.finish(portalId, token, done),
      this.store.release(portalId, token, back),
    ]);
    await this.watchOutage(portalId, verdicts);
    if (parkedBy) await this.park(portalId, parkedBy);
    const again = states.includes('more') ? Date.now() : null;
    const dues = [again, released].filter((d): d is number => d !== null);
    return dues.length ? Math.min(...dues) : null;
  }

  /**
   * Deletes the outbox rows of the records HubSpot is done with; returns the members to finish. When the
   * database cannot take that now, the records carrying rows go back to their queue instead (HubSpot has them:
   * the next send finds them unchanged and settles then), with no attempt spent.
   */
  private async settleOutbox(
    portalId: number,
    finished: ClaimedRecord[],
    back: Release[],
  ): Promise<string[]> {
    const carrying = finished.filter((r) => markedIds(r.fields, OUTBOX_MARK).length);
    const rows = carrying.flatMap((r) => markedIds(r.fields, OUTBOX_MARK));
    if (!rows.length) return finished.map((r) => r.member);
    try {
      await this.outbox.settle(rows);
      return finished.map((r) => r.member);
    } catch (err) {
      this.logger.error(
        `Portal ${portalId}: ${rows.length} outbox row(s) not settled (${(err as Error).message}); sending again later`,
      );
      const delayMs = this.config.sync.retryDelayMs;
      back.push(...carrying.map((r) => ({ member: r.member, delayMs, addAttempts: 0 })));
      return finished.filter((r) => !carrying.includes(r)).map((r) => r.member);
    }
  }

  /** 429s are not the record's fault: wait for the window without spending an attempt. */
  private retry(record: ClaimedRecord, error: Error): Release {
    if (error instanceof HubspotRateLimitedError) {
      const delayMs = error.retryAfterMs ?? Math.ceil(this.config.limits.windowMs / 10);
      return { member: record.member, delayMs, addAttempts: 0 };
    }
    const delayMs = retryDelayMs(record.attempts + 1, this.config.sync.retryDelayMs);
    return { member: record.member, delayMs, addAttempts: 1 };
  }

  private async park(portalId: number, error: HubspotError): Promise<void> {
    if (error instanceof HubspotDailyLimitError) {
      const ms = error.resetAt.getTime() - Date.now();
      if (error.reserveHeld) await this.portals.park(portalId, 'daily_reserve', ms, 'bulk');
      else await this.portals.park(portalId, 'daily_limit', ms, 'all');
    } else if (error instanceof HubspotReinstallRequiredError) {
      await this.portals.park(portalId, 'needs_reinstall', REINSTALL_PARK_MS, 'all');
    } else {
      await this.portals.park(portalId, 'outage', error.retryAfterMs ?? REINSTALL_PARK_MS, 'all');
    }
    this.logger.warn(`Portal ${portalId} parked: ${error.message}`);
  }

  /** A portal whose batches keep failing on HubSpot's side parks, so it stops taking this process's slots. */
  private async watchOutage(portalId: number, verdicts: RecordVerdict[]): Promise<void> {
    if (verdicts.some((v) => v.next === 'done')) return this.portals.succeeded(portalId);
    const down = verdicts.every((v) => v.next === 'retry' && isOutage(v.error));
    if (!verdicts.length || !down) return;
    const failures = await this.portals.failed(portalId, 10 * OUTAGE_PARK_MAX_MS);
    if (failures < OUTAGE_AFTER) return;
    const ms = retryDelayMs(failures - OUTAGE_AFTER + 1, this.config.sync.retryDelayMs, OUTAGE_PARK_MAX_MS);
    await this.portals.park(portalId, 'outage', ms, 'all');
    this.logger.warn(
      `Portal ${portalId} parked for ${Math.round(ms)} ms: ${failures} failed batches in a row`,
    );
  }
}

function isOutage(error: Error): boolean {
  return error instanceof HubspotTransientError;
}
