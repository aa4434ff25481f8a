import { Provider, Type } from '@nestjs/common';
import { ResolvedExtras } from '../hubspot-extras';

/** Providers of the crm feature, registered by HubspotModule. */
export const CRM_PROVIDERS: Provider[] = [];

/** What HubspotModule exports of the crm feature. */
export const CRM_EXPORTS: Array<Provider | string | symbol | Type> = [];

/** Controllers of the crm feature for these extras (paths are set here). */
export function crmControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
