import { Provider, Type } from '@nestjs/common';
import { ResolvedExtras } from '../hubspot-extras';

/** Providers of the health feature, registered by HubspotModule. */
export const HEALTH_PROVIDERS: Provider[] = [];

/** What HubspotModule exports of the health feature. */
export const HEALTH_EXPORTS: Array<Provider | string | symbol | Type> = [];

/** Controllers of the health feature for these extras (paths are set here). */
export function healthControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
