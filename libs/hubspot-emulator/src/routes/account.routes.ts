import { formatOffset, nextMidnight, utcOffsetMs } from '../core/time-zone';
import { json, RouteTable } from '../http/route-table';

export function registerAccountRoutes(t: RouteTable): void {
  t.api('GET', '/account-info/v3/details', (ctx) => {
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
  });
  t.api('GET', '/account-info/v3/api-usage/daily/private-apps', (ctx) =>
    json(200, {
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
    }),
  );
  t.api('GET', '/integrations/v1/me', (ctx) =>
    json(200, {
      portalId: ctx.portal.id,
      timeZone: ctx.portal.timeZone,
      appId: ctx.auth.appId,
      currency: 'USD',
    }),
  );
}
