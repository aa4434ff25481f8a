import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { RetryPolicy } from 'cockatiel';
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { TokenProvider } from './token-provider';
import { HubspotConfig } from '../config/hubspot.config';
import { DEFAULT_PORTAL_ID } from '../config/hubspot.constants';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { HubspotError, HubspotRateLimitedError } from '../errors';
import { CallContext, classifyNetworkError, classifyResponse } from './hubspot-error.classifier';
import { Bucket, HubspotRequest, HubspotResponse, Lane, RawResponse } from './hubspot-request.types';
import { buildUrl, encodeBody } from './hubspot-request.encoding';
import { redactPath } from './redact-path';
import { HubspotTelemetry } from './hubspot-telemetry';
import { HeldPermit } from './rate-limit/held-permit';
import { PortalRateLimiter } from './rate-limit/portal-rate-limiter';
import { bucketForPath } from './rate-limit/rate-limit.buckets';
import { readRateLimitHeaders } from './rate-limit/rate-limit.headers';
import { createRetryPolicy } from './retry.policy';

/** A request, and optionally a permit reserved for it beforehand (its first attempt spends that slot). */
export type MeteredRequest = HubspotRequest & { permit?: HeldPermit };

export type RequestOptions = Partial<Omit<MeteredRequest, 'method' | 'path' | 'body'>>;

/**
 * The only way out to HubSpot. Every call: token from the TokenProvider, a slot from the portal's
 * shared budget, fetch over a keep-alive undici Agent with a timeout, classification into the
 * HubspotError tree, and retries with backoff for what is retryable. 2xx (incl. 207) resolves.
 */
@Injectable()
export class HubspotHttpClient implements OnApplicationShutdown {
  private readonly logger = new Logger(HubspotHttpClient.name);
  private readonly agent: Agent;
  private readonly retryPolicy: RetryPolicy;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    @Inject(TokenProvider) private readonly tokens: TokenProvider,
    private readonly limiter: PortalRateLimiter,
    private readonly telemetry: HubspotTelemetry,
  ) {
    this.agent = new Agent({
      connections: config.http.connections,
      keepAliveTimeout: 30_000,
      connect: { timeout: config.http.timeoutMs },
    });
    this.retryPolicy = this.policy(config.http.maxAttempts);
  }

  get<T>(path: string, opts: RequestOptions = {}): Promise<HubspotResponse<T>> {
    return this.request<T>({ ...opts, method: 'GET', path });
  }

  post<T>(path: string, body?: unknown, opts: RequestOptions = {}): Promise<HubspotResponse<T>> {
    return this.request<T>({ ...opts, method: 'POST', path, body });
  }

  put<T>(path: string, body?: unknown, opts: RequestOptions = {}): Promise<HubspotResponse<T>> {
    return this.request<T>({ ...opts, method: 'PUT', path, body });
  }

  patch<T>(path: string, body?: unknown, opts: RequestOptions = {}): Promise<HubspotResponse<T>> {
    return this.request<T>({ ...opts, method: 'PATCH', path, body });
  }

  delete<T = void>(path: string, opts: RequestOptions = {}): Promise<HubspotResponse<T>> {
    return this.request<T>({ ...opts, method: 'DELETE', path });
  }

  /** The generic escape hatch: same budget, retries and classification as the helpers. */
  async request<T>(req: MeteredRequest): Promise<HubspotResponse<T>> {
    const portalId =
      req.portalId ?? (req.anonymous ? DEFAULT_PORTAL_ID : await this.tokens.defaultPortalId());
    const lane = req.lane ?? 'live';
    const bucket = req.bucket ?? bucketForPath(req.method, req.path);
    const policy =
      req.maxAttempts === undefined || req.maxAttempts === this.config.http.maxAttempts
        ? this.retryPolicy
        : this.policy(req.maxAttempts);
    return policy.execute(({ attempt }) => this.attempt<T>(req, portalId, lane, bucket, attempt + 1));
  }

  async onApplicationShutdown(): Promise<void> {
    const closing = this.agent.close();
    const timer = setTimeout(() => void this.agent.destroy().catch(() => undefined), 2_000);
    await closing.catch(() => undefined);
    clearTimeout(timer);
  }

  private async attempt<T>(
    req: MeteredRequest,
    portalId: number,
    lane: Lane,
    bucket: Bucket,
    attempt: number,
  ): Promise<HubspotResponse<T>> {
    const ctx: CallContext = {
      portalId,
      method: req.method,
      path: redactPath(req.path),
      dailyResetAt: () => this.limiter.dailyResetAt(portalId),
    };
    const token = req.anonymous ? undefined : await this.tokens.getAccessToken(portalId);
    let started: number | undefined;
    let raw: RawResponse | undefined;
    try {
      raw = await this.limiter.meter(
        { portalId, lane, bucket, unmetered: req.anonymous },
        () => {
          started = performance.now();
          return this.send(req, token, ctx);
        },
        req.permit,
      );
    } finally {
      // Only attempts that left (not those the daily governor or a shutdown refused).
      if (started !== undefined) this.emitCall(req, portalId, lane, attempt, started, raw);
    }
    if (!req.anonymous) this.emitBudget(portalId, raw);
    const correlationId = raw.headers['x-hubspot-correlation-id'];
    if (raw.status < 200 || raw.status >= 300) {
      const error = classifyResponse(raw.status, raw.text, raw.headers, ctx);
      if (raw.status === 429) {
        const policyName = error instanceof HubspotRateLimitedError ? error.policyName : 'DAILY';
        this.telemetry.emit('rate-limited', { portalId, policyName });
      }
      throw error;
    }
    let data: T;
    try {
      data = (raw.text ? JSON.parse(raw.text) : undefined) as T;
    } catch (err) {
      throw classifyNetworkError(err, ctx, { timedOut: false, correlationId, status: raw.status });
    }
    return { status: raw.status, data, headers: raw.headers, correlationId, attempts: attempt };
  }

  private emitBudget(portalId: number, raw: RawResponse): void {
    const { max, remaining, dailyRemaining } = readRateLimitHeaders(raw.headers);
    if (max !== undefined && remaining !== undefined)
      this.telemetry.emit('budget', { portalId, remaining, max, dailyRemaining });
  }

  private emitCall(
    req: HubspotRequest,
    portalId: number,
    lane: Lane,
    attempt: number,
    started: number,
    raw: RawResponse | undefined,
  ): void {
    this.telemetry.emit('call', {
      portalId,
      method: req.method,
      route: redactPath(req.path),
      status: raw?.status ?? 0,
      durationMs: performance.now() - started,
      attempt,
      lane,
      correlationId: raw?.headers['x-hubspot-correlation-id'],
    });
  }

  private async send(req: HubspotRequest, token: string | undefined, ctx: CallContext): Promise<RawResponse> {
    const { body, contentType } = encodeBody(req.body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (contentType) headers['content-type'] = contentType;
    if (token) headers.authorization = `Bearer ${token}`;
    const signal = AbortSignal.timeout(req.timeoutMs ?? this.config.http.timeoutMs);
    let status: number | undefined;
    let responseHeaders: Record<string, string> = {};
    try {
      // Node's fetch accepts an undici Agent as dispatcher; its bundled typings name an older class.
      const init = { method: req.method, headers, body, signal, dispatcher: this.agent };
      const res = await fetch(
        buildUrl(this.config.baseUrl, req.path, req.query),
        init as unknown as RequestInit,
      );
      const receivedAt = performance.now();
      status = res.status;
      responseHeaders = Object.fromEntries(res.headers);
      return { status, headers: responseHeaders, text: await res.text(), receivedAt };
    } catch (err) {
      throw classifyNetworkError(err, ctx, {
        timedOut: signal.aborted,
        correlationId: responseHeaders['x-hubspot-correlation-id'],
        status,
      });
    }
  }

  private policy(maxAttempts: number): RetryPolicy {
    const policy = createRetryPolicy({ ...this.config.http, maxAttempts });
    policy.onRetry((reason) => {
      const err = 'error' in reason ? reason.error : undefined;
      const what =
        err instanceof HubspotError
          ? `${err.name} ${err.status ?? ''} ${err.method} ${err.path} (correlation ${err.correlationId ?? 'n/a'})`
          : String(err);
      this.logger.warn(
        `Retrying after ${what}: attempt ${reason.attempt + 1} in ${Math.round(reason.delay)} ms`,
      );
    });
    return policy;
  }
}
