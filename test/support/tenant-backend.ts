import { INestApplication } from '@nestjs/common';
import { HubspotDailyLimitError, HubspotHttpClient } from '@app/hubspot';
import type { EmulatorStats, FaultSpec, OAuthAppOptions, PortalOptions } from '@app/hubspot-emulator';
import { DataSource } from 'typeorm';
import { OAuthTokenStore } from '../../libs/hubspot/src/auth/oauth/oauth-token.store';
import { installPortal } from './oauth-app';

/** The emulator's control API over HTTP (works for an in-process emulator and for one in its own process). */
export class EmulatorRemote {
  constructor(readonly url: string) {}

  objects(
    portalId: number,
    objectType = 'contacts',
  ): Promise<Array<{ id: string; properties: Record<string, string>; createdAt: string }>> {
    return this.call('GET', `objects/${portalId}/${objectType}`);
  }

  stats(): Promise<EmulatorStats> {
    return this.call('GET', 'stats');
  }

  addPortal(portal: PortalOptions): Promise<unknown> {
    return this.call('POST', 'portals', portal);
  }

  addOAuthApp(app: OAuthAppOptions): Promise<unknown> {
    return this.call('POST', 'oauth/apps', app);
  }

  faults(specs: FaultSpec[]): Promise<unknown> {
    return this.call('POST', 'faults', specs);
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', 'faults');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/__emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** 429s of every policy in emulator stats. */
export function total429s(stats: EmulatorStats): number {
  return stats.rateLimited.TEN_SECONDLY_ROLLING + stats.rateLimited.SECONDLY + stats.rateLimited.DAILY;
}

/** Installs every portal through the web app's own OAuth routes. */
export async function installPortals(web: INestApplication, portalIds: number[]): Promise<void> {
  for (const portalId of portalIds) await installPortal(web.getHttpServer(), portalId);
}

/**
 * The customer uninstalled the app: HubSpot refuses the portal's refresh token, and the stored access token
 * has run out, so the next call must refresh and learns the portal needs a re-install.
 */
export async function revokePortal(
  web: INestApplication,
  emulatorUrl: string,
  portalId: number,
): Promise<void> {
  const stored = await web.get(OAuthTokenStore).load(portalId);
  if (!stored) throw new Error(`portal ${portalId} is not installed`);
  const res = await fetch(`${emulatorUrl}/oauth/v1/refresh-tokens/${stored.refreshToken}`, {
    method: 'DELETE',
  });
  if (res.status !== 204) throw new Error(`revoking portal ${portalId}'s refresh token: ${res.status}`);
  await web
    .get(DataSource)
    .query('UPDATE hubspot_oauth_tokens SET expires_at = 0 WHERE portal_id = ?', [portalId]);
}

/**
 * Spends the portal's daily budget through the module, until HubSpot answers 429 DAILY (OAuth answers carry no
 * daily headers, so that answer is how the module learns it): from then on the portal's work parks.
 */
export async function spendDailyBudget(web: INestApplication, portalId: number, max = 1_000): Promise<void> {
  const http = web.get(HubspotHttpClient);
  for (let i = 0; i < max; i++) {
    try {
      await http.get('/crm/v3/objects/contacts', { portalId, query: { limit: 1 }, maxAttempts: 1 });
    } catch (err) {
      if (err instanceof HubspotDailyLimitError) return;
      throw err;
    }
  }
  throw new Error(`portal ${portalId}'s daily budget did not run out after ${max} calls`);
}
