import { Provider, Type } from '@nestjs/common';
import { ResolvedExtras } from '../hubspot-extras';

/** Providers of the webhooks feature, registered by HubspotModule. */
export const WEBHOOKS_PROVIDERS: Provider[] = [];

/** What HubspotModule exports of the webhooks feature. */
export const WEBHOOKS_EXPORTS: Array<Provider | string | symbol | Type> = [];

/** Controllers of the webhooks feature for these extras (paths are set here). */
export function webhooksControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
