import { ContractCase } from '../core/contract.types';
import { archiveCreated, kind, tempContact } from './fixtures';

export const OBJECT_CASES: ContractCase[] = [
  {
    id: 'objects.crud',
    title: 'create, read (by id and by email), update, archive, and read the archived record',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const contacts = ctx.p.objects('contacts');
      const email = ctx.email('crud');
      const created = await ctx.call('create', {
        method: 'POST',
        path: contacts,
        body: { properties: { email, firstname: 'Crud', lastname: ctx.tag('contacts') } },
      });
      archiveCreated(ctx, 'contacts', created.json);
      ctx.expect(created.status === 201, `create: status ${created.status}, expected 201`);
      const id = String(created.json?.id);
      const read = await ctx.call('read', {
        method: 'GET',
        path: `${contacts}/${id}`,
        query: { properties: 'email,firstname' },
      });
      ctx.expect(
        read.status === 200 && read.json?.properties?.email === email,
        `read: status ${read.status}`,
      );
      const byEmail = await ctx.call('read by email', {
        method: 'GET',
        path: `${contacts}/${encodeURIComponent(email)}`,
        query: { idProperty: 'email' },
      });
      ctx.expect(
        byEmail.status === 200 && String(byEmail.json?.id) === id,
        `read by email: status ${byEmail.status}`,
      );
      const updated = await ctx.call('update', {
        method: 'PATCH',
        path: `${contacts}/${id}`,
        body: { properties: { firstname: 'Updated' } },
      });
      ctx.expect(updated.status === 200, `update: status ${updated.status}`);
      const archived = await ctx.call('archive', { method: 'DELETE', path: `${contacts}/${id}` });
      ctx.expect(archived.status === 204, `archive: status ${archived.status}, expected 204`);
      const gone = await ctx.call('read archived', { method: 'GET', path: `${contacts}/${id}` });
      ctx.expect(gone.status === 404, `read archived: status ${gone.status}, expected 404`);
      ctx.observe('idKind', kind(created.json?.id));
      ctx.observe('archivedReadCategory', gone.json?.category ?? null);
    },
  },
  {
    id: 'objects.list-paging',
    title: 'a page of records with the cursor to the next one',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      await tempContact(ctx, 'page-a');
      await tempContact(ctx, 'page-b');
      const res = await ctx.call('first page', {
        method: 'GET',
        path: ctx.p.objects('contacts'),
        query: { limit: 1 },
      });
      ctx.expect(res.status === 200, `status ${res.status}`);
      const after = res.json?.paging?.next?.after;
      ctx.expect(typeof after === 'string', `paging.next.after is ${kind(after)}, expected string`);
      const next = await ctx.call('next page', {
        method: 'GET',
        path: ctx.p.objects('contacts'),
        query: { limit: 1, after },
      });
      ctx.expect(next.status === 200 && next.json?.results?.length === 1, `next page: status ${next.status}`);
    },
  },
  {
    id: 'objects.validation',
    title: 'an unknown property is a 400 VALIDATION_ERROR naming it',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const name = ctx.propertyName('no_such_property');
      const res = await ctx.call('create', {
        method: 'POST',
        path: ctx.p.objects('contacts'),
        body: { properties: { email: ctx.email('invalid'), [name]: 'x' } },
      });
      archiveCreated(ctx, 'contacts', res.status === 201 ? res.json : undefined);
      ctx.expect(res.status === 400, `status ${res.status}, expected 400`);
      ctx.expect(res.json?.category === 'VALIDATION_ERROR', `category ${res.json?.category}`);
      ctx.expect(JSON.stringify(res.json ?? {}).includes(name), 'the error does not name the property');
      ctx.observe('errorCode', res.json?.errors?.[0]?.code ?? null);
    },
  },
  {
    id: 'objects.conflict-409',
    title: 'a second contact with the same email is a 409 whose message names the existing id',
    styles: ['dated', 'legacy'],
    assumption: {
      readme: 'a duplicate contact email answers 409 `CONFLICT`',
      observation: 'messageNamesExistingId',
    },
    async run(ctx) {
      const first = await tempContact(ctx, 'dupe');
      const res = await ctx.call('create duplicate', {
        method: 'POST',
        path: ctx.p.objects('contacts'),
        body: { properties: { email: first.email.toUpperCase() } },
      });
      archiveCreated(ctx, 'contacts', res.status === 201 ? res.json : undefined);
      ctx.expect(res.status === 409, `status ${res.status}, expected 409`);
      ctx.expect(res.json?.category === 'CONFLICT', `category ${res.json?.category}`);
      const existing = /Existing ID:\s*(\d+)/i.exec(String(res.json?.message ?? ''))?.[1];
      ctx.observe('messageNamesExistingId', existing === first.id);
    },
  },
  {
    id: 'objects.companies-not-deduplicated',
    title:
      'two companies with one domain are two records (why the module keys companies by a unique property)',
    styles: ['legacy'],
    async run(ctx) {
      const domain = `${ctx.tag('same')}.example.com`;
      for (const label of ['first', 'second']) {
        const res = await ctx.call(`create ${label}`, {
          method: 'POST',
          path: ctx.p.objects('companies'),
          body: { properties: { name: ctx.tag(label), domain } },
        });
        archiveCreated(ctx, 'companies', res.json);
        ctx.expect(res.status === 201, `${label}: status ${res.status}, expected 201`);
        if (label === 'second') ctx.observe('secondCreateStatus', res.status);
      }
    },
  },
];
