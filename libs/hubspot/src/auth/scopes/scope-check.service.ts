import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotMissingScopesError } from '../../errors';
import { OAuthTokenStore } from '../oauth/oauth-token.store';
import { describeMissing, MissingScope, missingScopes } from './feature-scopes';
import { OAuthApiClient } from '../oauth/oauth-api.client';

/** Scopes stored at install are trusted this long; older installs are introspected once per boot. */
export const STORED_SCOPES_FRESH_MS = 24 * 60 * 60_000;

/** What the check found for one credential. */
export interface ScopeCheckResult {
  /** 'private app', 'requested scopes' (OAuth: auth.scopes + optionalScopes) or 'portal <id>'. */
  subject: string;
  portalId?: number;
  /** False when HubSpot could not tell the token's scopes; `missing` is then empty. */
  verified: boolean;
  missing: MissingScope[];
  reason?: string;
}

/**
 * At boot, compares the token's scopes with what `auth.features` need and logs one line per missing scope
 * naming the features that need it; with `auth.failOnMissingScopes` it fails boot instead. One call per
 * portal at most (none for OAuth portals installed within a day: their install stored the scopes). Without
 * `failOnMissingScopes` it runs in the background, so HubSpot being slow never delays boot.
 */
@Injectable()
export class ScopeCheckService implements OnModuleInit {
  private readonly logger = new Logger('HubspotScopes');
  private checked: Promise<ScopeCheckResult[]> = Promise.resolve([]);

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly client: OAuthApiClient,
    private readonly store: OAuthTokenStore,
  ) {}

  async onModuleInit(): Promise<void> {
    const { checkScopes, failOnMissingScopes } = this.config.auth;
    if (!checkScopes) return;
    const checking = this.check();
    this.checked = checking.catch((err: Error) => {
      this.logger.warn(`Scope check failed: ${err.message}`);
      return [];
    });
    if (!failOnMissingScopes) return;
    // OAuth: only the app's requested scopes may stop boot, and they need no call; portals stay in the background.
    const results = this.config.auth.type === 'oauth' ? [this.checkRequested()] : await checking;
    const blocking = results.filter((r) => r.missing.length);
    if (blocking.length) {
      const missing = blocking.flatMap((r) => r.missing);
      throw new HubspotMissingScopesError(
        `The HubSpot token lacks scopes that auth.features need: ${missing.map(describeMissing).join(', ')}. ` +
          'Grant them to the app, narrow auth.features, or unset auth.failOnMissingScopes to boot anyway.',
        { category: 'MISSING_SCOPES', context: { missingScopes: missing.map((m) => m.scope) } },
      );
    }
  }

  /** What the boot check found, once it is done (it runs in the background unless it may fail boot). */
  whenChecked(): Promise<ScopeCheckResult[]> {
    return this.checked;
  }

  /** Checks every credential and logs what it found. */
  async check(): Promise<ScopeCheckResult[]> {
    const { type, kind } = this.config.auth;
    let results: ScopeCheckResult[];
    if (type === 'oauth') results = [this.checkRequested(), ...(await this.checkPortals())];
    else if (kind === 'service-key')
      results = [
        {
          subject: 'Service Key',
          verified: false,
          missing: [],
          reason: 'HubSpot offers no way to read its scopes',
        },
      ];
    else results = [await this.checkStaticToken()];
    for (const result of results) this.report(result);
    return results;
  }

  private async checkStaticToken(): Promise<ScopeCheckResult> {
    const subject = this.config.auth.kind === 'static-auth' ? 'static auth token' : 'private app';
    try {
      const { scopes } = await this.client.staticTokenInfo(this.config.auth.accessToken ?? '');
      return { subject, verified: true, missing: missingScopes(this.config.auth.features, scopes) };
    } catch (err) {
      return { subject, verified: false, missing: [], reason: (err as Error).message };
    }
  }

  /** Every install grants at most what the app requests: a gap here is a gap in every portal. */
  private checkRequested(): ScopeCheckResult {
    const requested = [...(this.config.auth.scopes ?? []), ...(this.config.auth.optionalScopes ?? [])];
    return {
      subject: 'requested scopes',
      verified: true,
      missing: missingScopes(this.config.auth.features, requested),
    };
  }

  /** Installed portals: stored scopes while fresh, else one introspection of the refresh token. */
  private async checkPortals(): Promise<ScopeCheckResult[]> {
    const rows = (await this.store.rows()).filter((row) => row.status === 'active');
    const results: ScopeCheckResult[] = [];
    for (const row of rows) {
      const subject = `portal ${row.portalId}`;
      const stored = row.scopes.split(/\s+/).filter(Boolean);
      try {
        const fresh = Date.now() - new Date(row.installedAt).getTime() < STORED_SCOPES_FRESH_MS;
        const scopes = fresh && stored.length ? stored : await this.introspect(row.portalId);
        const missing = missingScopes(this.config.auth.features, scopes);
        results.push({ subject, portalId: row.portalId, verified: true, missing });
      } catch (err) {
        results.push({
          subject,
          portalId: row.portalId,
          verified: false,
          missing: [],
          reason: (err as Error).message,
        });
      }
    }
    return results;
  }

  private async introspect(portalId: number): Promise<string[]> {
    const stored = await this.store.load(portalId);
    if (!stored) throw new Error('the portal was removed meanwhile');
    const info = await this.client.inspect(stored.refreshToken, 'refresh_token', portalId);
    if (!info) throw new Error('HubSpot reports the refresh token as inactive');
    return info.scopes;
  }

  private report(result: ScopeCheckResult): void {
    const features = this.config.auth.features.join(', ');
    if (!result.verified) {
      this.logger.warn(
        `Scopes of the ${result.subject} cannot be verified (${result.reason}); features: ${features}`,
      );
      return;
    }
    if (!result.missing.length) {
      this.logger.log(`Scopes of the ${result.subject} cover ${features}`);
      return;
    }
    for (const missing of result.missing) {
      this.logger.warn(`Missing scope for the ${result.subject}: ${describeMissing(missing)}`);
    }
  }
}
