import { ContractCase } from '../core/contract.types';
import { archiveCreated } from './fixtures';

export const SCOPE_CASES: ContractCase[] = [
  {
    id: 'scopes.missing-write',
    title: 'a write the token has no scope for: 403 MISSING_SCOPES naming the scope',
    styles: ['dated', 'legacy'],
    needs: 'limited-token',
    assumption: { readme: 'the scope check runs after the rate limit', observation: 'rateLimitHeaders' },
    async run(ctx) {
      const res = await ctx.call('create company', {
        method: 'POST',
        path: ctx.p.objects('companies'),
        body: { properties: { name: ctx.tag('scopes') } },
        token: 'limited',
      });
      archiveCreated(ctx, 'companies', res.status === 201 ? res.json : undefined);
      ctx.expect(res.status === 403, `status ${res.status}, expected 403`);
      ctx.expect(res.json?.category === 'MISSING_SCOPES', `category ${res.json?.category}`);
      const named = JSON.stringify(res.json?.errors ?? []).includes('crm.objects.companies.write');
      ctx.expect(named, 'errors[] does not name crm.objects.companies.write');
      ctx.observe('rateLimitHeaders', res.headers['x-hubspot-ratelimit-remaining'] !== undefined);
      ctx.observe('errorsPerClause', res.json?.errors?.length ?? null);
    },
  },
];
