import { ContractCase } from '../core/contract.types';
import { tempContact } from './fixtures';

export const LIST_CASES: ContractCase[] = [
  {
    id: 'lists.manual-memberships',
    title: 'a MANUAL contact list: create, add and remove members, read them, delete the list',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const lists = ctx.p.lists();
      const member = await tempContact(ctx, 'list-member');
      const created = await ctx.call('create', {
        method: 'POST',
        path: lists,
        body: { name: ctx.tag('list'), objectTypeId: '0-1', processingType: 'MANUAL' },
      });
      const listId = created.json?.list?.listId;
      if (listId !== undefined)
        ctx.cleanup(() =>
          ctx.send({ method: 'DELETE', path: `/crm/v3/lists/${listId}` }).catch(() => undefined),
        );
      ctx.expect(created.status === 200 && listId !== undefined, `create: status ${created.status}`);
      const added = await ctx.call('add', {
        method: 'PUT',
        path: `${lists}/${listId}/memberships/add`,
        body: [member.id, '1'],
      });
      ctx.expect(added.status === 200, `add: status ${added.status}`);
      ctx.observe(
        'addAnswerKeys',
        Object.keys(added.json ?? {})
          .sort()
          .join(','),
      );
      const read = await ctx.call('read memberships', {
        method: 'GET',
        path: `${lists}/${listId}/memberships`,
      });
      ctx.expect(read.status === 200 && Array.isArray(read.json?.results), `read: status ${read.status}`);
      const removed = await ctx.call('remove', {
        method: 'PUT',
        path: `${lists}/${listId}/memberships/remove`,
        body: [member.id],
      });
      ctx.expect(removed.status === 200, `remove: status ${removed.status}`);
      const deleted = await ctx.call('delete', { method: 'DELETE', path: `${lists}/${listId}` });
      ctx.expect(deleted.status === 204, `delete: status ${deleted.status}, expected 204`);
    },
  },
];
