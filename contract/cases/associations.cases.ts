import { ContractCase } from '../core/contract.types';
import { kind, tempCompany, tempContact } from './fixtures';

/** HubSpot's contact -> company types: 1 primary, 279 unlabelled. */
const UNLABELED = { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 };

export const ASSOCIATION_CASES: ContractCase[] = [
  {
    id: 'associations.default',
    title: 'default association of a contact and a company, read back',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const contact = await tempContact(ctx, 'assoc-default');
      const company = await tempCompany(ctx, 'assoc-default');
      const base = ctx.p.recordAssociations('contacts', contact.id);
      const put = await ctx.call('associate', {
        method: 'PUT',
        path: `${base}/default/companies/${company.id}`,
      });
      ctx.expect(put.status === 200, `associate: status ${put.status}, expected 200`);
      const read = await ctx.call('read', { method: 'GET', path: `${base}/companies` });
      const hit = (read.json?.results ?? []).find(
        (r: { toObjectId: unknown }) => String(r.toObjectId) === company.id,
      );
      ctx.expect(
        read.status === 200 && !!hit,
        `read: status ${read.status}, company ${hit ? 'found' : 'missing'}`,
      );
      ctx.observe('toObjectIdKind', kind(hit?.toObjectId));
    },
  },
  {
    id: 'associations.labelled',
    title: 'labelled association (unlabelled type 279) and its removal',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const contact = await tempContact(ctx, 'assoc-label');
      const company = await tempCompany(ctx, 'assoc-label');
      const path = `${ctx.p.recordAssociations('contacts', contact.id)}/companies/${company.id}`;
      const put = await ctx.call('associate', { method: 'PUT', path, body: [UNLABELED] });
      ctx.expect(put.status === 201 || put.status === 200, `associate: status ${put.status}`);
      ctx.observe('putStatus', put.status);
      ctx.observe('fromObjectIdKind', kind(put.json?.fromObjectId));
      const removed = await ctx.call('remove', { method: 'DELETE', path });
      ctx.expect(removed.status === 204, `remove: status ${removed.status}, expected 204`);
    },
  },
  {
    id: 'associations.batch',
    title: 'batch associate/default, create, read (one without associations) and archive',
    styles: ['dated', 'legacy'],
    assumption: {
      readme: '2026-03 association `batch/archive` and `batch/labels/archive` answer 200',
      observation: 'archiveStatus',
      styles: ['dated'],
    },
    async run(ctx) {
      const [a, b, lonely] = [
        await tempContact(ctx, 'ab-a'),
        await tempContact(ctx, 'ab-b'),
        await tempContact(ctx, 'ab-c'),
      ];
      const company = await tempCompany(ctx, 'assoc-batch');
      const base = ctx.p.associations('contacts', 'companies');
      const pair = (id: string) => ({ from: { id }, to: { id: company.id } });
      const def = await ctx.call('associate default', {
        method: 'POST',
        path: `${base}/batch/associate/default`,
        body: { inputs: [pair(a.id)] },
      });
      ctx.expect(def.status === 200, `associate/default: status ${def.status}, expected 200`);
      const created = await ctx.call('create labelled', {
        method: 'POST',
        path: `${base}/batch/create`,
        body: { inputs: [{ ...pair(b.id), types: [UNLABELED] }] },
      });
      ctx.expect(created.status === 201 || created.status === 200, `create: status ${created.status}`);
      const read = await ctx.call('read', {
        method: 'POST',
        path: `${base}/batch/read`,
        body: { inputs: [{ id: a.id }, { id: lonely.id }] },
      });
      ctx.expect(read.status === 207, `read: status ${read.status}, expected 207`);
      ctx.observe('readMissingCategory', read.json?.errors?.[0]?.category ?? null);
      const archived = await ctx.call('archive', {
        method: 'POST',
        path: `${base}/batch/archive`,
        body: { inputs: [{ from: { id: a.id }, to: [{ id: company.id }] }] },
      });
      ctx.observe('archiveStatus', archived.status);
      ctx.expect([200, 204].includes(archived.status), `archive: status ${archived.status}`);
    },
  },
  {
    id: 'associations.general-limit',
    title: 'an association call also takes a slot of the general ten-secondly window',
    styles: ['dated', 'legacy'],
    assumption: {
      readme: 'association calls take a slot of the general ten-secondly window',
      observation: 'countsAgainstGeneral',
    },
    async run(ctx) {
      const contact = await tempContact(ctx, 'assoc-limit');
      const company = await tempCompany(ctx, 'assoc-limit');
      const list = { method: 'GET' as const, path: ctx.p.objects('contacts'), query: { limit: 1 } };
      const remaining = (res: { headers: Record<string, string> }) =>
        Number(res.headers['x-hubspot-ratelimit-remaining']);
      // Nothing older may leave the window while it is read.
      await ctx.quietWindow();
      const g1 = await ctx.call('general 1', list);
      const g2 = await ctx.call('general 2', list);
      // Dated paths: the batch endpoint (HubSpot's spec marks dated association batch calls exempt).
      await (ctx.style === 'dated'
        ? ctx.call('associate', {
            method: 'POST',
            path: `${ctx.p.associations('contacts', 'companies')}/batch/associate/default`,
            body: { inputs: [{ from: { id: contact.id }, to: { id: company.id } }] },
          })
        : ctx.call('associate', {
            method: 'PUT',
            path: `${ctx.p.recordAssociations('contacts', contact.id)}/default/companies/${company.id}`,
          }));
      const g3 = await ctx.call('general 3', list);
      // The control pair shows one call = one slot; an older call leaving the window spoils the reading.
      const control = remaining(g1) - remaining(g2);
      const drop = remaining(g2) - remaining(g3);
      ctx.observe('countsAgainstGeneral', control === 1 ? drop === 2 : 'inconclusive');
    },
  },
  {
    id: 'associations.labels',
    title: 'create, list, rename and delete a custom association label',
    styles: ['legacy'],
    assumption: { readme: 'association label rename', observation: 'renameStatus' },
    async run(ctx) {
      const base = `${ctx.p.associations('contacts', 'companies')}/labels`;
      const label = ctx.tag('label');
      const created = await ctx.call('create', {
        method: 'POST',
        path: base,
        body: { label, name: ctx.propertyName('label') },
      });
      ctx.expect(created.status === 200 || created.status === 201, `create: status ${created.status}`);
      const typeId = created.json?.results?.find((r: { label?: string }) => r.label === label)?.typeId;
      if (typeId !== undefined)
        ctx.cleanup(() =>
          ctx
            .send({ method: 'DELETE', path: `/crm/v4/associations/contacts/companies/labels/${typeId}` })
            .catch(() => undefined),
        );
      const list = await ctx.call('list', { method: 'GET', path: base });
      ctx.expect(list.status === 200 && Array.isArray(list.json?.results), `list: status ${list.status}`);
      const renamed = await ctx.call('rename', {
        method: 'PUT',
        path: base,
        body: { associationTypeId: typeId, label: `${label}-renamed` },
      });
      ctx.observe('renameStatus', renamed.status);
      const deleted = await ctx.call('delete', { method: 'DELETE', path: `${base}/${typeId}` });
      ctx.expect(deleted.status === 204, `delete: status ${deleted.status}, expected 204`);
    },
  },
];
