import { Provider, Type } from '@nestjs/common';
import { ResolvedExtras } from '../hubspot-extras';

/** Providers of the auth feature, registered by HubspotModule. */
export const AUTH_PROVIDERS: Provider[] = [];

/** What HubspotModule exports of the auth feature. */
export const AUTH_EXPORTS: Array<Provider | string | symbol | Type> = [];

/** Controllers of the auth feature for these extras (paths are set here). */
export function authControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
