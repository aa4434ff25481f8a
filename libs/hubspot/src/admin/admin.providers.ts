import { Provider, Type } from '@nestjs/common';
import { ResolvedExtras } from '../hubspot-extras';

/** Providers of the admin feature, registered by HubspotModule. */
export const ADMIN_PROVIDERS: Provider[] = [];

/** What HubspotModule exports of the admin feature. */
export const ADMIN_EXPORTS: Array<Provider | string | symbol | Type> = [];

/** Controllers of the admin feature for these extras (paths are set here). */
export function adminControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
