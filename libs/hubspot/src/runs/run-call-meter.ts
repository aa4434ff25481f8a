import { Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { HubspotCallEvent, HubspotTelemetry } from '../http/hubspot-telemetry';

export interface CallTally {
  calls: number;
  rateLimited: number;
}

/**
 * Counts the HubSpot calls made on behalf of one run: the client reports every attempt on HubspotTelemetry,
 * and the run's work executes inside `measure`, so the listener finds the run's tally in async context
 * even when other runs or live traffic share the process.
 */
@Injectable()
export class RunCallMeter implements OnModuleInit, OnModuleDestroy {
  private readonly storage = new AsyncLocalStorage<CallTally>();
  private readonly onCall = (event: HubspotCallEvent) => {
    const tally = this.storage.getStore();
    if (!tally) return;
    tally.calls += 1;
    if (event.status === 429) tally.rateLimited += 1;
  };

  constructor(@Optional() private readonly telemetry?: HubspotTelemetry) {}

  onModuleInit(): void {
    this.telemetry?.on('call', this.onCall);
  }

  onModuleDestroy(): void {
    this.telemetry?.off('call', this.onCall);
  }

  measure<T>(tally: CallTally, work: () => Promise<T>): Promise<T> {
    return this.storage.run(tally, work);
  }
}
