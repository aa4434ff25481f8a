import { Provider } from '@nestjs/common';
import { HubspotHealthIndicator } from './hubspot-health.indicator';
import { HubspotProbe } from './hubspot-probe';

/** The module adds no health route: the host mounts the indicator in its own Terminus controller. */
export const HEALTH_PROVIDERS: Provider[] = [HubspotProbe, HubspotHealthIndicator];

export const HEALTH_EXPORTS = [HubspotHealthIndicator];
