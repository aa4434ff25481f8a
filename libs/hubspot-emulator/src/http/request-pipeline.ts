import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { rateLimitError } from '../core/rate-limiter';
import { missingScopesBody, requiredScopes, unmetClauses } from '../core/scopes';
import { TokenInfo } from '../core/token-registry';
import { EmulatorState } from '../emulator.state';
import { ApiError, RawApiError } from './api-error';
import { ApiVersion, isSupportedVersion, traitsOf } from './api-version';
import { controlTokenMatches } from './control-auth';
import { applyFault } from './fault-response';
import { parseBody, readBody } from './request-body';
import { send } from './send';
import { ApiContext, ApiHandler, OpenHandler, Reply, RequestContext, RouteTable } from './route-table';

const EMPTY_QUERY = new URLSearchParams();

/** One request: correlation id, faults, route, auth, rate limit, handler, HubSpot-shaped errors, stats. */
export function createRequestListener(state: EmulatorState, table: RouteTable) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(state, table, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        const message = err instanceof Error ? err.message : 'internal error';
        send(
          res,
          500,
          { status: 'error', message, correlationId: randomUUID(), category: 'INTERNAL_ERROR' },
          {},
        );
      } else res.destroy();
    });
  };
}

async function handle(
  state: EmulatorState,
  table: RouteTable,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const correlationId = randomUUID();
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? EMPTY_QUERY : new URLSearchParams(url.slice(q + 1));
  const rawBody = await readBody(req);
  const headers: Record<string, string> = { 'X-HubSpot-Correlation-Id': correlationId };
  let match = table.router.match(method, path);
  // A dated path with a version HubSpot does not serve is an unknown path.
  if (match?.handler.dated && !isSupportedVersion(match.params.version)) match = undefined;
  const isControl = match?.handler.kind === 'control' || path.startsWith('/__emulator');
  const routeKey = `${method} ${match?.route ?? '<unmatched>'}`;
  const finish = (status: number, body: unknown, extra?: Record<string, string>, text?: string): void => {
    if (!isControl) state.stats.record(routeKey, status);
    send(res, status, body, { ...headers, ...extra }, text);
  };

  if (!isControl && state.faults.size > 0) {
    const fault = state.faults.pick(method, path);
    if (fault) {
      state.stats.faultsApplied++;
      const handled = await applyFault(fault, req, res, correlationId);
      if (handled !== undefined) {
        state.stats.record(routeKey, handled);
        return;
      }
    }
  }
  if (!match) {
    return finish(404, {
      status: 'error',
      message: `Unable to route ${method} ${path}`,
      correlationId,
      category: 'OBJECT_NOT_FOUND',
    });
  }
  if (isControl && state.controlToken && !controlTokenMatches(req.headers, state.controlToken)) {
    return finish(401, {
      status: 'error',
      message: 'The emulator control API needs its token (header X-Emulator-Control-Token)',
      correlationId,
      category: 'INVALID_AUTHENTICATION',
    });
  }
  const version: ApiVersion = match.handler.dated ? (match.params.version as ApiVersion) : 'legacy';
  const ctx: RequestContext = {
    state,
    method,
    path,
    query,
    params: match.params,
    headers: req.headers,
    rawBody,
    body: undefined,
    correlationId,
    now: Date.now(),
    version,
    traits: traitsOf(version),
  };
  try {
    let auth: TokenInfo | undefined;
    const route = match.handler;
    if (route.kind === 'api') {
      auth = state.tokens.authenticate(req.headers.authorization, ctx.now);
      const portal = state.portal(auth.portalId);
      if (!portal) throw new ApiError(401, 'INVALID_AUTHENTICATION', 'Portal not found for token');
      const outcome = state.limiter.take(
        portal.id,
        portal.limits,
        portal.timeZone,
        route.bucket,
        auth.kind === 'oauth',
        ctx.now,
      );
      Object.assign(headers, outcome.headers);
      if (outcome.policy) {
        state.stats.rateLimit(outcome.policy);
        if (portal.limits.retryAfter && outcome.retryAfterMs !== undefined) {
          headers['Retry-After'] = String(Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)));
        }
        return finish(
          429,
          rateLimitError(outcome.policy, correlationId, portal.id, auth.appId, outcome.window),
        );
      }
      if (auth.scopes !== undefined && state.enforceScopes) {
        const required = requiredScopes(route.scopes, (param) => {
          const name = match!.params[param];
          return name === undefined ? undefined : portal.data.resolveType(name);
        });
        const unmet = unmetClauses(required, auth.scopes);
        if (unmet.length > 0) return finish(403, missingScopesBody(unmet, correlationId));
      }
      Object.assign(ctx, {
        auth,
        portal,
        source: { changeSource: 'INTEGRATION', sourceId: String(auth.appId) },
      });
    }
    const parsed = parseBody(rawBody, req.headers['content-type']);
    ctx.body = parsed.body;
    ctx.form = parsed.form;
    const reply: Reply =
      route.kind === 'api'
        ? await (route.handler as ApiHandler)(ctx as ApiContext)
        : await (route.handler as OpenHandler)(ctx);
    finish(reply.status, reply.body, reply.headers, reply.text);
  } catch (err) {
    if (err instanceof ApiError) return finish(err.status, err.body(correlationId));
    if (err instanceof RawApiError) return finish(err.status, err.payload(correlationId));
    throw err;
  }
}
