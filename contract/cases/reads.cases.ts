import { ContractCase } from '../core/contract.types';

/** Owners and pipelines: read-only, the module's deal and engagement writes refer to them. */
export const READ_CASES: ContractCase[] = [
  {
    id: 'owners.list',
    title: 'owners of the account, one page',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const res = await ctx.call('list', { method: 'GET', path: ctx.p.owners(), query: { limit: 1 } });
      ctx.expect(res.status === 200 && Array.isArray(res.json?.results), `status ${res.status}`);
      const owner = res.json?.results?.[0];
      if (owner) {
        const one = await ctx.call('read one', { method: 'GET', path: `${ctx.p.owners()}/${owner.id}` });
        ctx.expect(one.status === 200, `read one: status ${one.status}`);
      }
    },
  },
  {
    id: 'pipelines.deals',
    title: 'deal pipelines with their stages, and the stages of one',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const base = ctx.p.pipelines('deals');
      const res = await ctx.call('list', { method: 'GET', path: base });
      ctx.expect(res.status === 200 && res.json?.results?.length > 0, `status ${res.status}`);
      const pipeline = res.json?.results?.[0];
      const stages = await ctx.call('stages', { method: 'GET', path: `${base}/${pipeline?.id}/stages` });
      ctx.expect(
        stages.status === 200 && Array.isArray(stages.json?.results),
        `stages: status ${stages.status}`,
      );
      ctx.observe('stageMetadataProbabilityKind', typeof stages.json?.results?.[0]?.metadata?.probability);
    },
  },
];
