import { Provider, Type } from '@nestjs/common';
import { ResolvedExtras } from '../hubspot-extras';
import { BudgetTracker } from '../http/budget-tracker';
import { DeadLetterCounter } from '../engine/dead-letters/dead-letter.counter';
import { HubspotHealthIndicator } from './hubspot-health.indicator';
import { HubspotProbe } from './hubspot-probe';
import { QueueBacklogReader } from '../engine/workers/queue-backlog.reader';

/** Providers of the health feature, registered by HubspotModule. */
export const HEALTH_PROVIDERS: Provider[] = [
  BudgetTracker,
  DeadLetterCounter,
  HubspotProbe,
  QueueBacklogReader,
  HubspotHealthIndicator,
];

/** What HubspotModule exports of the health feature. */
export const HEALTH_EXPORTS: Array<Provider | string | symbol | Type> = [HubspotHealthIndicator];

/** The module adds no health route: the host mounts the indicator in its own Terminus controller. */
export function healthControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
