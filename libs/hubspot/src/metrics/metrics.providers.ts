import { Provider, Type } from '@nestjs/common';
import { ResolvedExtras } from '../hubspot-extras';

/** Providers of the metrics feature, registered by HubspotModule. */
export const METRICS_PROVIDERS: Provider[] = [];

/** What HubspotModule exports of the metrics feature. */
export const METRICS_EXPORTS: Array<Provider | string | symbol | Type> = [];

/** Controllers of the metrics feature for these extras (paths are set here). */
export function metricsControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
