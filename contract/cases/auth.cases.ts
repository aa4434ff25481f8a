import { ContractCase } from '../core/contract.types';

const ACCESS_TOKEN_INFO = '/oauth/v2/private-apps/get/access-token-info';

export const AUTH_CASES: ContractCase[] = [
  {
    id: 'auth.missing-token',
    title: 'a call without a token is refused',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const res = await ctx.call('list', {
        method: 'GET',
        path: ctx.p.objects('contacts'),
        query: { limit: 1 },
        token: 'none',
      });
      ctx.expect(res.status === 401, `status ${res.status}, expected 401`);
      ctx.expect(res.json?.category === 'INVALID_AUTHENTICATION', `category ${res.json?.category}`);
    },
  },
  {
    id: 'auth.invalid-token',
    title: 'a token HubSpot never issued is refused',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const res = await ctx.call('list', {
        method: 'GET',
        path: ctx.p.objects('contacts'),
        query: { limit: 1 },
        token: 'invalid',
      });
      ctx.expect(res.status === 401, `status ${res.status}, expected 401`);
      ctx.expect(res.json?.category === 'INVALID_AUTHENTICATION', `category ${res.json?.category}`);
    },
  },
  {
    id: 'auth.access-token-info',
    title: 'a private-app token describes its portal and scopes (the boot scope check reads this)',
    styles: ['any'],
    assumption: {
      readme: 'answers 401 `INVALID_AUTHENTICATION` for other keys',
      observation: 'unknownKeyStatus',
    },
    async run(ctx) {
      const own = await ctx.call('own token', {
        method: 'POST',
        path: ACCESS_TOKEN_INFO,
        tokenKey: 'main',
        token: 'none',
      });
      ctx.expect(own.status === 200, `status ${own.status}, expected 200`);
      ctx.expect(Array.isArray(own.json?.scopes), 'scopes is not an array');
      ctx.expect(typeof own.json?.hubId === 'number', 'hubId is not a number');
      const unknown = await ctx.call('unknown token', {
        method: 'POST',
        path: ACCESS_TOKEN_INFO,
        tokenKey: 'invalid',
        token: 'none',
      });
      ctx.observe('unknownKeyStatus', unknown.status);
      ctx.observe('rateLimited', own.headers['x-hubspot-ratelimit-remaining'] !== undefined);
    },
  },
];
