import { ContractCase } from '../core/contract.types';
import { archiveCreated, tempContact } from './fixtures';

export const BATCH_CASES: ContractCase[] = [
  {
    id: 'batch.create',
    title: 'batch/create of two contacts',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const res = await ctx.call('create', {
        method: 'POST',
        path: `${ctx.p.objects('contacts')}/batch/create`,
        body: {
          inputs: ['one', 'two'].map((n) => ({
            properties: { email: ctx.email(`batch-${n}`), lastname: ctx.tag('contacts') },
          })),
        },
      });
      archiveCreated(ctx, 'contacts', res.json);
      ctx.expect(res.status === 201, `status ${res.status}, expected 201`);
      ctx.expect(res.json?.results?.length === 2, 'results does not hold two records');
      ctx.expect(res.json?.status === 'COMPLETE', `batch status ${res.json?.status}`);
    },
  },
  {
    id: 'batch.read-missing',
    title: 'batch/read with one id that does not exist answers 207 with the found one and an error',
    styles: ['dated', 'legacy'],
    assumption: {
      readme: '2026-03 object `batch/read` with missing ids',
      observation: 'status',
      styles: ['dated'],
    },
    async run(ctx) {
      const { id } = await tempContact(ctx, 'batch-read');
      const res = await ctx.call('read', {
        method: 'POST',
        path: `${ctx.p.objects('contacts')}/batch/read`,
        body: { inputs: [{ id }, { id: '1' }], properties: ['email'] },
      });
      ctx.expect(res.status === 207, `status ${res.status}, expected 207`);
      ctx.expect(res.json?.results?.length === 1, 'results does not hold the one record');
      ctx.expect(res.json?.numErrors === 1, `numErrors ${res.json?.numErrors}`);
      ctx.observe('status', res.status);
      ctx.observe('errorCategory', res.json?.errors?.[0]?.category ?? null);
    },
  },
  {
    id: 'batch.update',
    title: 'batch/update of two contacts by id',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const a = await tempContact(ctx, 'upd-a');
      const b = await tempContact(ctx, 'upd-b');
      const res = await ctx.call('update', {
        method: 'POST',
        path: `${ctx.p.objects('contacts')}/batch/update`,
        body: { inputs: [a, b].map(({ id }) => ({ id, properties: { firstname: 'Batch' } })) },
      });
      ctx.expect(res.status === 200, `status ${res.status}, expected 200`);
      ctx.expect(res.json?.results?.length === 2, 'results does not hold two records');
    },
  },
  {
    id: 'batch.update-email-id-property',
    title: 'batch/update refuses idProperty=email',
    styles: ['legacy'],
    async run(ctx) {
      const { email } = await tempContact(ctx, 'upd-email');
      const res = await ctx.call('update by email', {
        method: 'POST',
        path: `${ctx.p.objects('contacts')}/batch/update`,
        body: { inputs: [{ id: email, idProperty: 'email', properties: { firstname: 'Nope' } }] },
      });
      ctx.expect(res.status === 400, `status ${res.status}, expected 400`);
      ctx.observe('status', res.status);
    },
  },
  {
    id: 'batch.upsert-207',
    title: 'batch/upsert by email: a new and an existing contact, then a 207 for an invalid email',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const upsert = `${ctx.p.objects('contacts')}/batch/upsert`;
      const existing = await tempContact(ctx, 'ups-old');
      const fresh = ctx.email('ups-new');
      const ok = await ctx.call('upsert', {
        method: 'POST',
        path: upsert,
        body: {
          inputs: [existing.email, fresh].map((id) => ({
            idProperty: 'email',
            id,
            properties: { lastname: ctx.tag('contacts') },
          })),
        },
      });
      archiveCreated(ctx, 'contacts', ok.json);
      ctx.expect(ok.status === 200, `upsert: status ${ok.status}, expected 200`);
      const results = (ok.json?.results ?? []) as Array<{ id: string; new?: boolean }>;
      ctx.expect(
        results.some((r) => r.id === existing.id && r.new === false),
        'the existing contact is not new: false',
      );
      ctx.expect(
        results.some((r) => r.new === true),
        'the fresh contact is not new: true',
      );
      const partial = await ctx.call('upsert with an invalid email', {
        method: 'POST',
        path: upsert,
        body: {
          inputs: [
            {
              idProperty: 'email',
              id: ctx.email('ups-valid'),
              properties: { lastname: ctx.tag('contacts') },
            },
            { idProperty: 'email', id: 'not-an-email', properties: { lastname: ctx.tag('contacts') } },
          ],
        },
      });
      archiveCreated(ctx, 'contacts', partial.json);
      ctx.expect(partial.status === 207, `partial: status ${partial.status}, expected 207`);
      ctx.observe('partialStatus', partial.status);
      ctx.observe('errorNamesInput', JSON.stringify(partial.json?.errors ?? []).includes('not-an-email'));
    },
  },
  {
    id: 'batch.create-trace-ids',
    title: 'dated batch/create with objectWriteTraceId on every input fails input by input',
    styles: ['dated'],
    assumption: {
      readme: 'dated `batch/create` and `batch/update` fail per input',
      observation: 'perInputFailure',
    },
    async run(ctx) {
      const res = await ctx.call('create', {
        method: 'POST',
        path: `${ctx.p.objects('contacts')}/batch/create`,
        body: {
          inputs: [
            {
              objectWriteTraceId: 'good',
              properties: { email: ctx.email('trace-good'), lastname: ctx.tag('contacts') },
            },
            {
              objectWriteTraceId: 'bad',
              properties: { email: 'not-an-email', lastname: ctx.tag('contacts') },
            },
          ],
        },
      });
      archiveCreated(ctx, 'contacts', res.json);
      const traces = (res.json?.errors ?? []).map(
        (e: { context?: { objectWriteTraceId?: unknown } }) => e.context?.objectWriteTraceId,
      );
      const traced =
        JSON.stringify(traces) === JSON.stringify([['bad']]) ||
        JSON.stringify(traces) === JSON.stringify(['bad']);
      ctx.observe('perInputFailure', res.status === 207 && traced);
      ctx.expect(res.status === 207, `status ${res.status}, expected 207`);
    },
  },
  {
    id: 'batch.archive',
    title: 'batch/archive answers 204',
    styles: ['dated', 'legacy'],
    async run(ctx) {
      const a = await tempContact(ctx, 'arch-a');
      const b = await tempContact(ctx, 'arch-b');
      const res = await ctx.call('archive', {
        method: 'POST',
        path: `${ctx.p.objects('contacts')}/batch/archive`,
        body: { inputs: [{ id: a.id }, { id: b.id }] },
      });
      ctx.expect(res.status === 204, `status ${res.status}, expected 204`);
    },
  },
];
