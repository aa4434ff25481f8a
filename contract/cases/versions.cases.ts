import { ContractCase } from '../core/contract.types';

export const VERSION_CASES: ContractCase[] = [
  {
    id: 'versions.unknown',
    title: 'a dated path with a version HubSpot does not serve',
    styles: ['any'],
    assumption: {
      readme: 'a dated path with an unsupported version answers the generic 404',
      observation: 'status',
    },
    async run(ctx) {
      const res = await ctx.call('list', {
        method: 'GET',
        path: '/crm/objects/2019-01/contacts',
        query: { limit: 1 },
      });
      ctx.observe('status', res.status);
      ctx.expect(res.status === 404, `status ${res.status}, expected 404`);
    },
  },
];
