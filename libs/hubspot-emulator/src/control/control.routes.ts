import {
  FaultSpec,
  OAuthAppOptions,
  OwnerInput,
  PipelineInput,
  PortalOptions,
  WebhookConfig,
} from '../emulator.options';
import { ApiError } from '../http/api-error';
import { json, noContent, OpenHandler, RequestContext, RouteTable } from '../http/route-table';
import { ControlError, EmulatorControl } from './emulator-control';
import { EngagementKind, ExtraAssociations } from './rep-actions';

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

  // Owners and pipelines of a portal (kept across resets).
  route('GET', '/portals/:portalId/owners', (ctx) => control.listOwners(Number(ctx.params.portalId)));
  route('POST', '/portals/:portalId/owners', (ctx) =>
    control.owners(Number(ctx.params.portalId), listOf<OwnerInput>(ctx.body)),
  );
  route('POST', '/portals/:portalId/pipelines/:objectType', (ctx) =>
    control.pipelines(Number(ctx.params.portalId), ctx.params.objectType, listOf<PipelineInput>(ctx.body)),
  );

  // A sales rep in HubSpot's UI (changeSource CRM, sourceId userId:<userId>); `userId` in the body or query.
  const rep = (ctx: RequestContext) => control.rep(Number(ctx.params.portalId), userIdOf(ctx));
  route('POST', '/rep/:portalId/:objectType', (ctx) =>
    rep(ctx).create(ctx.params.objectType, propertiesOf(ctx)),
  );
  route('PATCH', '/rep/:portalId/:objectType/:id', (ctx) =>
    rep(ctx).setProperties(ctx.params.objectType, ctx.params.id, propertiesOf(ctx)),
  );
  route('DELETE', '/rep/:portalId/:objectType/:id', (ctx) =>
    rep(ctx).delete(ctx.params.objectType, ctx.params.id),
  );
  route('POST', '/rep/:portalId/:objectType/:id/restore', (ctx) =>
    rep(ctx).restore(ctx.params.objectType, ctx.params.id),
  );
  route('POST', '/rep/:portalId/:objectType/merge', (ctx) => {
    const body = (ctx.body ?? {}) as { primaryObjectId?: unknown; objectIdToMerge?: unknown };
    return rep(ctx).merge(
      ctx.params.objectType,
      String(body.primaryObjectId ?? ''),
      String(body.objectIdToMerge ?? ''),
    );
  });
  route('POST', '/rep/:portalId/:objectType/:id/engagements', (ctx) => {
    const body = (ctx.body ?? {}) as {
      type?: EngagementKind;
      properties?: Record<string, unknown>;
      associations?: ExtraAssociations;
    };
    return rep(ctx).logEngagement(
      body.type as EngagementKind,
      ctx.params.objectType,
      ctx.params.id,
      body.properties ?? {},
      body.associations ?? {},
    );
  });
  route('PUT', '/rep/:portalId/:fromType/:fromId/associations/:toType/:toId', (ctx) => {
    const body = (ctx.body ?? {}) as { associationTypeId?: number; associationCategory?: string };
    rep(ctx).associate(ctx.params.fromType, ctx.params.fromId, ctx.params.toType, ctx.params.toId, body);
  });
  route('DELETE', '/rep/:portalId/:fromType/:fromId/associations/:toType/:toId', (ctx) =>
    rep(ctx).dissociate(ctx.params.fromType, ctx.params.fromId, ctx.params.toType, ctx.params.toId),
  );
}

function listOf<T>(body: unknown): T[] {
  return (Array.isArray(body) ? body : [body]) as T[];
}

function userIdOf(ctx: RequestContext): number | undefined {
  const fromBody = (ctx.body as { userId?: unknown } | undefined)?.userId;
  const raw = fromBody ?? ctx.query.get('userId') ?? undefined;
  return raw === undefined || raw === null || raw === '' ? undefined : Number(raw);
}

function propertiesOf(ctx: RequestContext): Record<string, unknown> {
  const body = (ctx.body ?? {}) as { properties?: Record<string, unknown> };
  if (body.properties) return body.properties;
  const { userId: _userId, ...rest } = body as Record<string, unknown>;
  return rest;
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
