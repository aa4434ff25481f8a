import { RatePermit } from './rate-limit.store';

/**
 * A permit obtained before the work that spends it exists (the sync dispatcher reserves a slot, then claims
 * records for it). The first call that leaves uses it; any later call of the same work asks the limiter
 * itself. `release()` returns it to the window if nothing used it.
 */
export class HeldPermit {
  private usedBy = false;

  constructor(readonly permit: RatePermit) {}

  get used(): boolean {
    return this.usedBy;
  }

  /** The permit, once; undefined afterwards. */
  use(): RatePermit | undefined {
    if (this.usedBy) return undefined;
    this.usedBy = true;
    return this.permit;
  }

  /** Gives the slot back if no call used it (safe to call more than once). */
  async release(): Promise<void> {
    if (this.usedBy) return;
    this.usedBy = true;
    await this.permit.settle({ sent: false });
  }
}

/**
 * One call that spends two budgets (an association call under the safe reading: its own window and the
 * general one). HubSpot's headers describe the general window, so only `general` learns from them, and only
 * `general` counts the call in the portal's per-minute history.
 */
export function jointPermit(general: RatePermit, own: RatePermit): RatePermit {
  return {
    portalId: general.portalId,
    id: general.id,
    settle: async (outcome) => {
      const [result] = await Promise.all([
        general.settle(outcome),
        own.settle({ sent: outcome.sent, ageMs: outcome.ageMs, countedElsewhere: true }),
      ]);
      return result;
    },
  };
}
