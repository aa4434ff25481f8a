import { IncomingHttpHeaders } from 'node:http';
import { ChangeSource } from '../core/change-events';
import { Bucket } from '../core/rate-limiter';
import { TokenInfo } from '../core/token-registry';
import { EmulatorState, PortalState } from '../emulator.state';
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
}

/** Route registration used by every routes file. */
export class RouteTable {
  readonly router = new Router<RouteDef>();

  /** Authenticated HubSpot API route, counted against `bucket`. */
  api(method: string, path: string, handler: ApiHandler, bucket: Bucket = 'standard'): this {
    this.router.add(method, path, { kind: 'api', bucket, handler });
    return this;
  }

  /** HubSpot route without Bearer auth (OAuth endpoints). */
  open(method: string, path: string, handler: OpenHandler): this {
    this.router.add(method, path, { kind: 'open', bucket: 'none', handler });
    return this;
  }

  /** Emulator control route (no auth, no faults, not counted). */
  control(method: string, path: string, handler: OpenHandler): this {
    this.router.add(method, `/__emulator${path}`, { kind: 'control', bucket: 'none', handler });
    return this;
  }
}

export const json = (status: number, body?: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  headers,
});
export const noContent = (): Reply => ({ status: 204 });
