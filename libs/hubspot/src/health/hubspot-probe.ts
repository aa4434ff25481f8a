import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { TokenProvider } from '../http/token-provider';
import { HubspotError } from '../errors/hubspot.error';
import { HubspotHttpClient } from '../http/hubspot-http.client';
import { HubspotPaths, isOAuthPath } from '../http/hubspot-paths';
import { HubspotCallEvent, HubspotTelemetry } from '../http/hubspot-telemetry';
import { SingleFlight } from '../model/single-flight';

export interface ProbeResult {
  portalId: number;
  reachable: boolean;
  authorised: boolean;
  /** Last HTTP status seen (0 = network error or timeout). */
  status: number;
  /** When this was observed (epoch ms); 'observed' = learnt from regular traffic, 'probed' = a health call. */
  at: number;
  source: 'observed' | 'probed';
  error?: string;
}

/**
 * Is HubSpot reachable and does it accept our token? Learnt from every call the module makes anyway; only
 * when nothing was seen for `maxAgeMs` does it spend one cheap call (limit=1 contacts page, live lane), so a
 * probe every 10 s costs at most one call a minute per portal.
 */
@Injectable()
export class HubspotProbe implements OnModuleInit, OnApplicationShutdown {
  private readonly last = new Map<number, ProbeResult>();
  private readonly inFlight = new SingleFlight<number, ProbeResult>();
  private readonly onCall = (e: HubspotCallEvent) => {
    // Only statuses that say something about reachability/authorisation; OAuth token calls are anonymous.
    if (isOAuthPath(e.route)) return;
    this.last.set(e.portalId, {
      ...classify(e.status),
      portalId: e.portalId,
      at: Date.now(),
      source: 'observed',
    });
  };

  constructor(
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
    private readonly telemetry: HubspotTelemetry,
    @Inject(TokenProvider) private readonly tokens: TokenProvider,
  ) {}

  onModuleInit(): void {
    this.telemetry.on('call', this.onCall);
  }

  onApplicationShutdown(): void {
    this.telemetry.off('call', this.onCall);
  }

  async portals(): Promise<number[]> {
    return this.tokens.portalIds();
  }

  async check(portalId: number, maxAgeMs = 60_000): Promise<ProbeResult> {
    const known = this.last.get(portalId);
    if (known && Date.now() - known.at <= maxAgeMs) return known;
    return this.inFlight.run(portalId, () => this.probe(portalId));
  }

  private async probe(portalId: number): Promise<ProbeResult> {
    let result: ProbeResult;
    try {
      await this.http.get(this.paths.objects('contacts'), {
        portalId,
        query: { limit: 1 },
        lane: 'live',
        maxAttempts: 1,
        timeoutMs: 3_000,
      });
      result = { ...classify(200), portalId, at: Date.now(), source: 'probed' };
    } catch (e) {
      const status = e instanceof HubspotError ? (e.status ?? 0) : 0;
      const message = e instanceof Error ? e.message : String(e);
      result = { ...classify(status), portalId, at: Date.now(), source: 'probed', error: message };
    }
    this.last.set(portalId, result);
    return result;
  }
}

function classify(status: number): Pick<ProbeResult, 'reachable' | 'authorised' | 'status'> {
  const answered = status > 0 && status < 500;
  return { status, reachable: answered, authorised: answered && status !== 401 && status !== 403 };
}
