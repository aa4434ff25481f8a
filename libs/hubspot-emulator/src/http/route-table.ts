import { IncomingHttpHeaders } from 'node:http';
import { ChangeSource } from '../core/change-events';
import { Bucket } from '../core/rate-limiter';
import { ScopeRule } from '../core/scopes';
import { TokenInfo } from '../core/token-registry';
import { EmulatorState, PortalState } from '../emulator.state';
import { ApiVersion, VersionTraits } from './api-version';
import { Params, Router } from './router';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw text body (HTML pages, redirects); JSON otherwise. */
  text?: string;
}

export interface RequestContext {
  state: EmulatorState;
  method: string;
  path: string;
  query: URLSearchParams;
  params: Params;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed JSON body (undefined when empty); form fields for urlencoded bodies. */
  body: unknown;
  form?: URLSearchParams;
  correlationId: string;
  now: number;
  /** `legacy` for /crm/v3-style paths, else the dated version taken from the path. */
  version: ApiVersion;
  /** What differs in this version (association id types, validation, ...). */
  traits: VersionTraits;
}

export interface ApiContext extends RequestContext {
  auth: TokenInfo;
  portal: PortalState;
  /** changeSource/sourceId for writes made through this request. */
  source: ChangeSource;
}

export type OpenHandler = (ctx: RequestContext) => Reply | Promise<Reply>;
export type ApiHandler = (ctx: ApiContext) => Reply | Promise<Reply>;

export interface RouteDef {
  kind: 'api' | 'open' | 'control';
  bucket: Bucket;
  handler: OpenHandler | ApiHandler;
  /** The path has a `:version` segment, validated against the supported dated versions. */
  dated: boolean;
  /** Scopes the route needs from tokens that have configured scopes. */
  scopes: ScopeRule;
}

export interface ApiRouteOptions {
  bucket?: Bucket;
  scopes: ScopeRule;
}

const isDated = (path: string): boolean => path.split('/').includes(':version');

/** Route registration used by every routes file. */
export class RouteTable {
  readonly router = new Router<RouteDef>();

  /**
   * Authenticated HubSpot API route, counted against `bucket` (default `standard`), guarded by `scopes`.
   * A `:version` segment makes it a dated route; pass several paths to serve legacy and dated alike.
   */
  api(method: string, paths: string | string[], handler: ApiHandler, options: ApiRouteOptions): this {
    for (const path of typeof paths === 'string' ? [paths] : paths) {
      this.router.add(method, path, {
        kind: 'api',
        bucket: options.bucket ?? 'standard',
        handler,
        dated: isDated(path),
        scopes: options.scopes,
      });
    }
    return this;
  }

  /** HubSpot route without Bearer auth (OAuth endpoints). */
  open(method: string, paths: string | string[], handler: OpenHandler): this {
    for (const path of typeof paths === 'string' ? [paths] : paths) {
      this.router.add(method, path, {
        kind: 'open',
        bucket: 'none',
        handler,
        dated: isDated(path),
        scopes: { family: 'none' },
      });
    }
    return this;
  }

  /** Emulator control route (no auth, no faults, not counted). */
  control(method: string, path: string, handler: OpenHandler): this {
    this.router.add(method, `/__emulator${path}`, {
      kind: 'control',
      bucket: 'none',
      handler,
      dated: false,
      scopes: { family: 'none' },
    });
    return this;
  }
}

export const json = (status: number, body?: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  headers,
});
export const noContent = (): Reply => ({ status: 204 });
