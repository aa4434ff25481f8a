import { EmulatorState } from '../emulator.state';

/** Control methods for webhooks and OAuth (filled in as those features attach to the state). */
export class ControlExtensions {
  constructor(protected readonly state: EmulatorState) {}

  /** Stops background work (webhook timers, in-flight deliveries). */
  async shutdown(): Promise<void> {
    return Promise.resolve();
  }

  protected webhookStats(): {
    batchesSent: number;
    eventsSent: number;
    failedAttempts: number;
    pendingEvents: number;
  } {
    return { batchesSent: 0, eventsSent: 0, failedAttempts: 0, pendingEvents: 0 };
  }
}
