import { FaultSpec, OAuthAppOptions, PortalOptions, WebhookConfig } from '../emulator.options';
import { ApiError } from '../http/api-error';
import { json, noContent, OpenHandler, RequestContext, RouteTable } from '../http/route-table';
import { ControlError, EmulatorControl } from './emulator-control';

/** `/__emulator/*`: the control API over HTTP (no auth). */
export function registerControlRoutes(t: RouteTable, control: EmulatorControl): void {
  const route = (method: string, path: string, fn: (ctx: RequestContext) => unknown): void => {
    t.control(method, path, wrap(fn));
  };
  route('POST', '/reset', () => control.reset());
  route('GET', '/stats', () => control.stats());
  route('GET', '/portals', () => control.listPortals());
  route('POST', '/portals', (ctx) => {
    const body = ctx.body as PortalOptions | PortalOptions[];
    return Array.isArray(body) ? body.map((p) => control.portals(p)) : control.portals(body);
  });
  route('GET', '/faults', () => control.listFaults());
  route('POST', '/faults', (ctx) =>
    control.faults(Array.isArray(ctx.body) ? (ctx.body as FaultSpec[]) : [ctx.body as FaultSpec]),
  );
  route('DELETE', '/faults', () => control.clearFaults());
  route('POST', '/search-index-delay', (ctx) =>
    control.setSearchIndexDelay(Number((ctx.body as { ms?: number })?.ms)),
  );
  route('GET', '/webhooks', () => control.webhookConfig() ?? null);
  route('POST', '/webhooks', (ctx) => control.webhooks(ctx.body as WebhookConfig));
  route('GET', '/webhooks/deliveries', () => control.deliveries());
  route('GET', '/oauth/apps', () => control.listOAuthApps());
  route('POST', '/oauth/apps', (ctx) => control.oauthApps(ctx.body as OAuthAppOptions));
  route('POST', '/oauth/next-portal', (ctx) =>
    control.oauthNextPortal(Number((ctx.body as { portalId?: number })?.portalId)),
  );
  route('POST', '/oauth/revoke', (ctx) => ({
    revoked: control.revokeRefreshToken(String((ctx.body as { refreshToken?: string })?.refreshToken ?? '')),
  }));
  route('POST', '/oauth/expire', (ctx) => ({
    expired: control.expireAccessTokens((ctx.body ?? {}) as { accessToken?: string; portalId?: number }),
  }));
  route('GET', '/objects/:portalId/:objectType', (ctx) =>
    control.objects(Number(ctx.params.portalId), ctx.params.objectType),
  );
  route('POST', '/objects/:portalId/:objectType', (ctx) =>
    control.createObject(Number(ctx.params.portalId), ctx.params.objectType, propertiesOf(ctx)),
  );
  route('PATCH', '/objects/:portalId/:objectType/:id', (ctx) =>
    control.patchObject(Number(ctx.params.portalId), ctx.params.objectType, ctx.params.id, propertiesOf(ctx)),
  );
  route('DELETE', '/objects/:portalId/:objectType/:id', (ctx) =>
    control.deleteObject(Number(ctx.params.portalId), ctx.params.objectType, ctx.params.id),
  );
}

function propertiesOf(ctx: RequestContext): Record<string, unknown> {
  const body = (ctx.body ?? {}) as { properties?: Record<string, unknown> };
  return body.properties ?? (body as Record<string, unknown>);
}

function wrap(fn: (ctx: RequestContext) => unknown): OpenHandler {
  return async (ctx) => {
    try {
      const out = await fn(ctx);
      return out === undefined ? noContent() : json(200, out);
    } catch (e) {
      if (e instanceof ControlError)
        return json(e.status, { status: 'error', message: e.message, correlationId: ctx.correlationId });
      if (e instanceof ApiError) throw e;
      return json(400, {
        status: 'error',
        message: e instanceof Error ? e.message : 'bad request',
        correlationId: ctx.correlationId,
      });
    }
  };
}
