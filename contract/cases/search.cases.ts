import { CaseContext, ContractCase } from '../core/contract.types';
import { tempContact } from './fixtures';

function byTag(ctx: CaseContext, tag: string, extra: Record<string, unknown> = {}) {
  return {
    filterGroups: [{ filters: [{ propertyName: 'lastname', operator: 'EQ', value: tag }] }],
    properties: ['firstname', 'lastname'],
    ...extra,
  };
}

export const SEARCH_CASES: ContractCase[] = [
  {
    id: 'search.filters-sorts-paging',
    title: 'filter, sort and page through search; search answers carry no rate-limit headers',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const tag = ctx.tag('search');
      for (const first of ['Carol', 'Alice', 'Bob'])
        await tempContact(ctx, `search-${first}`, { firstname: first, lastname: tag });
      const path = `${ctx.p.objects('contacts')}/search`;
      const sorted = byTag(ctx, tag, {
        sorts: [{ propertyName: 'firstname', direction: 'ASCENDING' }],
        limit: 2,
      });
      await ctx.eventually('search to see three contacts', async () => {
        const res = await ctx.send({ method: 'POST', path, body: sorted, search: true });
        return res.json?.total === 3 ? true : undefined;
      });
      const first = await ctx.call('first page', { method: 'POST', path, body: sorted, search: true });
      const names = (first.json?.results ?? []).map(
        (r: { properties: { firstname: string } }) => r.properties.firstname,
      );
      ctx.expect(
        first.status === 200 && names.join(',') === 'Alice,Bob',
        `first page: ${first.status} ${names.join(',')}`,
      );
      const after = first.json?.paging?.next?.after;
      ctx.expect(typeof after === 'string', 'paging.next.after is not a string');
      const second = await ctx.call('second page', {
        method: 'POST',
        path,
        body: { ...sorted, after },
        search: true,
      });
      ctx.expect(
        second.json?.results?.[0]?.properties?.firstname === 'Carol',
        'second page does not start with Carol',
      );
      ctx.observe('rateLimitHeaders', first.headers['x-hubspot-ratelimit-max'] !== undefined);
      ctx.observe('totalKind', typeof first.json?.total);
    },
  },
  {
    id: 'search.10k-cap',
    title: 'paging past 10,000 results is a 400',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const res = await ctx.call('page past the cap', {
        method: 'POST',
        path: `${ctx.p.objects('contacts')}/search`,
        body: { ...byTag(ctx, ctx.tag('cap')), after: '9999', limit: 2 },
        search: true,
      });
      ctx.expect(res.status === 400, `status ${res.status}, expected 400`);
      ctx.observe('status', res.status);
    },
  },
  {
    id: 'search.secondly-limit',
    title: 'searches beyond the per-second limit meet a 429 SECONDLY',
    styles: ['legacy'],
    needs: 'provoke-429',
    async run(ctx) {
      const body = byTag(ctx, ctx.tag('burst'));
      const path = `${ctx.p.objects('contacts')}/search`;
      // Six at once spend the second's five searches; the recorded one is the seventh.
      await Promise.all(
        Array.from({ length: 6 }, () =>
          ctx.send({ method: 'POST', path, body, expect429: true }).catch(() => undefined),
        ),
      );
      const refused = await ctx.call('beyond the limit', { method: 'POST', path, body, expect429: true });
      ctx.expect(refused.status === 429, `status ${refused.status}, expected 429`);
      ctx.observe('policyName', refused.json?.policyName ?? null);
      ctx.observe('errorType', refused.json?.errorType ?? null);
    },
  },
];
