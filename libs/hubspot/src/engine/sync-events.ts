import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

export interface SyncedEvent {
  portalId: number;
  objectType: string;
  localKey: string;
  hubspotId: string;
  created: boolean;
  /** From the oldest intent merged into this write to HubSpot's acceptance, ms. */
  latencyMs: number;
  lane: string;
}

export interface DeadLetteredEvent {
  portalId: number;
  objectType: string;
  localKey: string | null;
  deadLetterId: number;
  category: string | null;
  message: string;
}

export interface SkippedEvent {
  portalId: number;
  objectType: string;
  localKey: string;
  reason: 'unchanged';
}

interface SyncEventMap {
  synced: [SyncedEvent];
  'dead-lettered': [DeadLetteredEvent];
  skipped: [SkippedEvent];
}

/** What the sync worker did, for metrics, benches and the host's own observers. */
@Injectable()
export class SyncEvents extends EventEmitter<SyncEventMap> {}
