import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Lane } from '../../http/hubspot-request.types';
import { OAuthInstallEvents } from '../../auth/oauth/oauth-install.events';
import { DispatchNudges } from './dispatch-nudges';
import { DispatchStore, StageState } from './dispatch.store';
import { PortalStateStore } from './portal-state.store';
import { DispatchKind, RecordFields } from './dispatch.types';
import { PortalIndex } from './portal-index';

export interface DispatchRecord {
  portalId: number;
  kind: DispatchKind;
  /** The record's identity within its portal and kind; repeats merge into one record. */
  key: string;
  lane: Lane;
  fields: RecordFields;
  /** Outbox order: the newest row the fields carry (older stages never overwrite it), the oldest row's time. */
  seq?: number;
  since?: number;
}

/**
 * Producer side of the dispatcher: stages a record in its portal's queue (merging with what is not sent yet),
 * then makes sure the portal is in the index and dispatchers hear of it. Resolves once it is durably in Redis.
 * A portal that (re-)installs the app has its parked work resumed at once.
 */
@Injectable()
export class DispatchQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly onInstalled = (portalId: number) => void this.resume(portalId).catch(() => undefined);

  constructor(
    private readonly store: DispatchStore,
    private readonly portals: PortalStateStore,
    private readonly index: PortalIndex,
    private readonly nudges: DispatchNudges,
    private readonly installs: OAuthInstallEvents,
  ) {}

  onModuleInit(): void {
    this.installs.on('installed', this.onInstalled);
  }

  onApplicationShutdown(): void {
    this.installs.off('installed', this.onInstalled);
  }

  /**
   * 'held': a batch in flight holds the record and sends the newer data right after it; 'stale': an outbox
   * stage with newer rows of the record came first (nothing written).
   */
  async enqueue(record: DispatchRecord): Promise<{ state: StageState }> {
    const member = memberOf(record.kind, record.key);
    const { state, due } = await this.store.stage(
      record.portalId,
      record.kind,
      member,
      record.lane,
      record.fields,
      { seq: record.seq, since: record.since },
    );
    if (state === 'queued') {
      await this.index.lower(record.portalId, due);
      await this.nudges.publish(record.portalId, due);
    }
    return { state };
  }

  /** Lifts the portal's park (an operator, a re-install): its queued work goes out at its next visit. */
  async resume(portalId: number): Promise<void> {
    await this.portals.unpark(portalId);
    const { now } = await this.store.peek(portalId);
    await this.index.lower(portalId, now);
    await this.nudges.publish(portalId, now);
  }

  async discard(portalId: number, kind: DispatchKind, key: string): Promise<void> {
    await this.store.discard(portalId, memberOf(kind, key));
  }

  inspect(portalId: number, kind: DispatchKind, key: string) {
    return this.store.inspect(portalId, memberOf(kind, key));
  }
}

/** The record's member in its portal's sets: the kind's letter, then its key. */
export function memberOf(kind: DispatchKind, key: string): string {
  return `${kind === 'associate' ? 'a' : 'u'}|${key}`;
}
