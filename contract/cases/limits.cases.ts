import { ContractCase } from '../core/contract.types';

export const LIMIT_CASES: ContractCase[] = [
  {
    id: 'limits.headers',
    title: 'rate-limit headers on an ordinary call and on an error (the limiter learns from both)',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const ok = await ctx.call('list', {
        method: 'GET',
        path: ctx.p.objects('contacts'),
        query: { limit: 1 },
      });
      for (const name of ['max', 'remaining', 'interval-milliseconds']) {
        ctx.expect(ok.headers[`x-hubspot-ratelimit-${name}`] !== undefined, `no X-HubSpot-RateLimit-${name}`);
      }
      const missing = await ctx.call('read missing', {
        method: 'GET',
        path: `${ctx.p.objects('contacts')}/1`,
      });
      ctx.expect(missing.status === 404, `read missing: status ${missing.status}, expected 404`);
      ctx.observe('dailyHeaders', ok.headers['x-hubspot-ratelimit-daily'] !== undefined);
      ctx.observe('headersOnErrors', missing.headers['x-hubspot-ratelimit-remaining'] !== undefined);
    },
  },
  {
    id: 'limits.ten-secondly-429',
    title: "a call beyond the rolling window's budget: 429 with HubSpot's RATE_LIMIT body",
    styles: ['legacy'],
    emulatorOnly: 'meeting it live would spend the whole ten-second window of the account',
    async run(ctx) {
      const list = {
        method: 'GET' as const,
        path: ctx.p.objects('contacts'),
        query: { limit: 1 },
        token: 'tiny' as const,
      };
      await ctx.send(list).catch(() => undefined);
      await ctx.send(list).catch(() => undefined);
      const refused = await ctx.call('beyond the window', { ...list, expect429: true });
      ctx.expect(refused.status === 429, `status ${refused.status}, expected 429`);
      ctx.expect(
        refused.json?.policyName === 'TEN_SECONDLY_ROLLING',
        `policyName ${refused.json?.policyName}`,
      );
      ctx.expect(refused.json?.errorType === 'RATE_LIMIT', `errorType ${refused.json?.errorType}`);
    },
  },
];
