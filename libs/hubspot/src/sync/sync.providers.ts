import { Provider, Type } from '@nestjs/common';
import { ResolvedExtras } from '../hubspot-extras';

/** Providers of the sync feature, registered by HubspotModule. */
export const SYNC_PROVIDERS: Provider[] = [];

/** What HubspotModule exports of the sync feature. */
export const SYNC_EXPORTS: Array<Provider | string | symbol | Type> = [];

/** Controllers of the sync feature for these extras (paths are set here). */
export function syncControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
