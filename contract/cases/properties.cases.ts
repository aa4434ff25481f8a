import { ContractCase } from '../core/contract.types';
import { archiveCreated, tempContact } from './fixtures';

export const PROPERTY_CASES: ContractCase[] = [
  {
    id: 'properties.crud',
    title: 'read a standard property, create, update and delete a custom one',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const base = ctx.p.properties('contacts');
      const email = await ctx.call('read email', { method: 'GET', path: `${base}/email` });
      ctx.expect(email.status === 200 && email.json?.name === 'email', `read email: status ${email.status}`);
      const list = await ctx.call('list', { method: 'GET', path: base });
      ctx.expect(list.status === 200 && Array.isArray(list.json?.results), `list: status ${list.status}`);
      const name = ctx.propertyName('prop');
      const created = await ctx.call('create', {
        method: 'POST',
        path: base,
        body: {
          name,
          label: `Contract ${ctx.runId}`,
          type: 'string',
          fieldType: 'text',
          groupName: 'contactinformation',
        },
      });
      if (created.status === 201)
        ctx.cleanup(() =>
          ctx.send({ method: 'DELETE', path: `/crm/v3/properties/contacts/${name}` }).catch(() => undefined),
        );
      ctx.expect(created.status === 201, `create: status ${created.status}, expected 201`);
      const updated = await ctx.call('update', {
        method: 'PATCH',
        path: `${base}/${name}`,
        body: { label: `Contract ${ctx.runId} renamed` },
      });
      ctx.expect(updated.status === 200, `update: status ${updated.status}`);
      const deleted = await ctx.call('delete', { method: 'DELETE', path: `${base}/${name}` });
      ctx.expect(deleted.status === 204, `delete: status ${deleted.status}, expected 204`);
      const gone = await ctx.call('read deleted', { method: 'GET', path: `${base}/${name}` });
      ctx.observe('deletedReadStatus', gone.status);
    },
  },
  {
    id: 'properties.unique-id-property',
    title: 'a unique property as idProperty: read, upsert, and a 409 for a second record with its value',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const name = ctx.propertyName('uid');
      await ctx.send({
        method: 'POST',
        path: '/crm/v3/properties/contacts',
        body: {
          name,
          label: `Contract uid ${ctx.runId}`,
          type: 'string',
          fieldType: 'text',
          groupName: 'contactinformation',
          hasUniqueValue: true,
        },
      });
      ctx.cleanup(() => ctx.send({ method: 'DELETE', path: `/crm/v3/properties/contacts/${name}` }));
      const uid = ctx.tag('uid-1');
      const owner = await tempContact(ctx, 'uid-owner', { [name]: uid });
      const contacts = ctx.p.objects('contacts');
      const read = await ctx.call('read by unique property', {
        method: 'GET',
        path: `${contacts}/${uid}`,
        query: { idProperty: name },
      });
      ctx.expect(read.status === 200 && String(read.json?.id) === owner.id, `read: status ${read.status}`);
      const upsert = await ctx.call('upsert by unique property', {
        method: 'POST',
        path: `${contacts}/batch/upsert`,
        body: { inputs: [{ idProperty: name, id: uid, properties: { firstname: 'Unique' } }] },
      });
      ctx.expect(
        upsert.status === 200 && upsert.json?.results?.[0]?.new === false,
        `upsert: status ${upsert.status}`,
      );
      const dupe = await ctx.call('create with a taken value', {
        method: 'POST',
        path: contacts,
        body: { properties: { email: ctx.email('uid-dupe'), [name]: uid } },
      });
      archiveCreated(ctx, 'contacts', dupe.status === 201 ? dupe.json : undefined);
      ctx.expect(dupe.status === 409, `duplicate value: status ${dupe.status}, expected 409`);
      ctx.observe('takenValueStatus', dupe.status);
      ctx.observe(
        'takenValueNamesExistingId',
        new RegExp(`Existing ID:\\s*${owner.id}\\b`).test(String(dupe.json?.message)),
      );
    },
  },
];
