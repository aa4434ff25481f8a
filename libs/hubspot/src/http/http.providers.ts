import { Provider, Type } from '@nestjs/common';
import { ResolvedExtras } from '../hubspot-extras';

/** Providers of the http feature, registered by HubspotModule. */
export const HTTP_PROVIDERS: Provider[] = [];

/** What HubspotModule exports of the http feature. */
export const HTTP_EXPORTS: Array<Provider | string | symbol | Type> = [];

/** Controllers of the http feature for these extras (paths are set here). */
export function httpControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
