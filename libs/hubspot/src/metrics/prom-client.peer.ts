import type * as PromClient from 'prom-client';
import { optionalPeer } from '../config/optional-peer';
import { HubspotSetupError } from '../errors/hubspot-setup.error';

export type PromClientModule = typeof PromClient;

/**
 * prom-client, an optional peer: the host's own copy, so that the module's metrics land in the same default
 * registry as the host's. Loaded only when metrics are used; throws, saying what to install, when missing.
 */
export function promClient(): PromClientModule {
  const client = optionalPeer<PromClientModule>('prom-client');
  if (!client) {
    throw new HubspotSetupError([
      'metrics.enabled needs prom-client, which is not installed: npm install prom-client@^15 (or leave metrics off)',
    ]);
  }
  return client;
}
