import { LANES } from '../../http/hubspot-request.types';
import { DISPATCH_KINDS } from './dispatch.types';

/**
 * Redis keys of the dispatcher. Every key of one portal carries the hash tag `{portalId}`, so each Lua script
 * touches a single cluster slot. Order matters: the scripts address them by position (dispatch-record.lua.ts).
 */
export class DispatchKeys {
  constructor(private readonly keyPrefix: string) {}

  /** pending, in flight, owners, leases, park, then one ready set per kind and lane (kind-major). */
  portal(portalId: number): string[] {
    const base = `${this.keyPrefix}:{${portalId}}:d`;
    const ready = DISPATCH_KINDS.flatMap((kind) => LANES.map((lane) => `${base}:r:${kind}:${lane}`));
    return [`${base}:pend`, `${base}:fly`, `${base}:own`, `${base}:lease`, `${base}:park`, ...ready];
  }

  /** The portal's park marker (also the fifth of `portal`). */
  park(portalId: number): string {
    return `${this.keyPrefix}:{${portalId}}:d:park`;
  }

  /** Newest outbox row staged for one record of the portal (the stage script's last key). */
  sequence(portalId: number, member: string): string {
    return `${this.keyPrefix}:{${portalId}}:d:seq:${member}`;
  }

  /** Consecutive failed batches of a portal (HubSpot outage detection). */
  failures(portalId: number): string {
    return `${this.keyPrefix}:{${portalId}}:d:fail`;
  }

  /** Portals with work: portal id -> when it is next due (epoch ms, Redis time). */
  get index(): string {
    return `${this.keyPrefix}:dispatch:portals`;
  }

  /** Pub/sub channel: "<portalId>:<due>" when a producer made a portal due soon. */
  get nudges(): string {
    return `${this.keyPrefix}:dispatch:nudge`;
  }

  /** Lock of the periodic index sweep (one process at a time). */
  get sweepLock(): string {
    return `${this.keyPrefix}:dispatch:sweep`;
  }
}

/** Position of a kind (1-based) in the scripts' ready sets. */
export function kindIndex(kind: (typeof DISPATCH_KINDS)[number]): number {
  return DISPATCH_KINDS.indexOf(kind) + 1;
}

/** Position of a lane (1-based, live first). */
export function laneIndex(lane: (typeof LANES)[number]): number {
  return LANES.indexOf(lane) + 1;
}
