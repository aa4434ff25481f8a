import { formatOffset, nextMidnight, utcOffsetMs } from '../core/time-zone';
import { ApiContext, json, RouteTable } from '../http/route-table';

const BASES = ['/account-info/v3', '/account-info/:version'];
const ANY = { scopes: { family: 'none' } } as const;

export function registerAccountRoutes(t: RouteTable): void {
  t.api(
    'GET',
    BASES.map((b) => `${b}/details`),
    details,
    ANY,
  );
  t.api(
    'GET',
    BASES.map((b) => `${b}/api-usage/daily/private-apps`),
    dailyUsage,
    ANY,
  );
  t.api(
    'GET',
    '/integrations/v1/me',
    (ctx) =>
      json(200, {
        portalId: ctx.portal.id,
        timeZone: ctx.portal.timeZone,
        appId: ctx.auth.appId,
        currency: 'USD',
      }),
    ANY,
  );
}

function details(ctx: ApiContext) {
  const offset = utcOffsetMs(ctx.now, ctx.portal.timeZone);
  return json(200, {
    portalId: ctx.portal.id,
    accountType: 'STANDARD',
    timeZone: ctx.portal.timeZone,
    companyCurrency: 'USD',
    additionalCurrencies: [],
    utcOffset: formatOffset(offset),
    utcOffsetMilliseconds: offset,
    uiDomain: 'app.hubspot.com',
    dataHostingLocation: 'na1',
  });
}

function dailyUsage(ctx: ApiContext) {
  return json(200, {
    results: [
      {
        name: 'api-calls-daily',
        usageLimit: ctx.portal.limits.daily,
        currentUsage: ctx.state.limiter.dailyUsed(ctx.portal.id),
        collectedAt: new Date(ctx.now).toISOString(),
        fetchStatus: 'SUCCESS',
        resetsAt: new Date(nextMidnight(ctx.now, ctx.portal.timeZone)).toISOString(),
      },
    ],
  });
}
