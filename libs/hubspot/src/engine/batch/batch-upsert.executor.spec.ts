import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotConflictError, HubspotTransientError, HubspotValidationError } from '../../errors';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { BatchUpsertExecutor } from './batch-upsert.executor';

type Input = { idProperty: string; id: string; properties: Record<string, string> };
type Body = { inputs: Input[] };

const group = { portalId: 7, objectType: 'contacts', lane: 'live' as const };
const row = (email: string, properties: Record<string, string | number | null> = {}) => ({
  idProperty: 'email',
  id: email,
  properties,
});
const ok = (inputs: Input[], firstId = 100) =>
  inputs.map((i, n) => ({ id: String(firstId + n), properties: { email: i.id }, new: true }));
const response = (data: unknown, status = 200) => ({
  status,
  data,
  headers: {},
  correlationId: 'cid-1',
  attempts: 1,
});

function executorWith(post: jest.Mock, patch: jest.Mock = jest.fn()) {
  const http = { post, patch } as unknown as HubspotHttpClient;
  return new BatchUpsertExecutor(http, new HubspotPaths('2026-09'));
}

describe('BatchUpsertExecutor', () => {
  it('sends one batch/upsert, merges inputs for the same key and maps results back by id property', async () => {
    const post = jest.fn(async (_path: string, body: Body) =>
      response({ status: 'COMPLETE', results: ok(body.inputs).reverse() }),
    );
    const outcomes = await executorWith(post).upsert(group, [
      row('a@x.io', { firstname: 'A' }),
      row('B@x.io', { firstname: 'B', plan: null }),
      row('b@x.io', { lastname: 'Bee' }),
    ]);
    expect(post).toHaveBeenCalledTimes(1);
    const [path, body] = post.mock.calls[0];
    expect(path).toBe('/crm/objects/2026-09/contacts/batch/upsert');
    expect(body.inputs).toEqual([
      { idProperty: 'email', id: 'a@x.io', properties: { email: 'a@x.io', firstname: 'A' } },
      {
        idProperty: 'email',
        id: 'b@x.io',
        properties: { email: 'b@x.io', firstname: 'B', plan: '', lastname: 'Bee' },
      },
    ]);
    expect(outcomes.map((o) => o.kind === 'ok' && o.hubspotId)).toEqual(['100', '101', '101']);
  });

  it('settles each row of a 207 on its own: results ok, errors fatal with HubSpot’s category and message', async () => {
    const post = jest.fn(async () =>
      response(
        {
          status: 'COMPLETE',
          results: [{ id: '1', properties: { email: 'a@x.io' }, new: false }],
          errors: [
            {
              status: 'error',
              category: 'VALIDATION_ERROR',
              message: 'Property "zz" does not exist',
              context: { ids: ['b@x.io'] },
            },
          ],
        },
        207,
      ),
    );
    const [a, b] = await executorWith(post).upsert(group, [row('a@x.io'), row('b@x.io', { zz: 1 })]);
    expect(a).toMatchObject({ kind: 'ok', hubspotId: '1', created: false });
    expect(b.kind).toBe('fatal');
    if (b.kind === 'fatal') {
      expect(b.error).toBeInstanceOf(HubspotValidationError);
      expect(b.error).toMatchObject({
        category: 'VALIDATION_ERROR',
        correlationId: 'cid-1',
        message: 'Property "zz" does not exist',
      });
    }
  });

  it('pins a whole-batch 400 on the inputs carrying the blamed property and resends the rest', async () => {
    const invalid = new HubspotValidationError(
      'Property values were not valid: [{"isValid":false,"message":"Property \\"bogus\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"bogus"}]',
      { status: 400, category: 'VALIDATION_ERROR' },
    );
    const post = jest.fn(async (_p: string, body: Body) => {
      if (body.inputs.some((i) => 'bogus' in i.properties)) throw invalid;
      return response({ status: 'COMPLETE', results: ok(body.inputs) });
    });
    const outcomes = await executorWith(post).upsert(group, [
      row('a@x.io'),
      row('b@x.io', { bogus: 1 }),
      row('c@x.io'),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'fatal', 'ok']);
    expect(post).toHaveBeenCalledTimes(2);
  });

  it('bisects a whole-batch 400 that names no property until the bad input stands alone', async () => {
    const post = jest.fn(async (_p: string, body: Body) => {
      if (body.inputs.some((i) => i.id === 'bad@x.io'))
        throw new HubspotValidationError('Invalid input', { status: 400 });
      return response({ status: 'COMPLETE', results: ok(body.inputs) });
    });
    const rows = ['a', 'b', 'bad', 'd'].map((n) => row(`${n}@x.io`));
    const outcomes = await executorWith(post).upsert(group, rows);
    expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'ok', 'fatal', 'ok']);
  });

  it('reports a retryable failure for every row without retrying itself (the client already did)', async () => {
    const post = jest.fn(async () => {
      throw new HubspotTransientError('502', { status: 502 });
    });
    const outcomes = await executorWith(post).upsert(group, [row('a@x.io'), row('b@x.io')]);
    expect(outcomes.map((o) => o.kind)).toEqual(['retry', 'retry']);
    expect(post).toHaveBeenCalledTimes(1);
  });

  it('turns 409 "Existing ID" into an update of that record', async () => {
    const post = jest.fn(async () => {
      throw new HubspotConflictError('Contact already exists. Existing ID: 555', {
        status: 409,
        category: 'CONFLICT',
      });
    });
    const patch = jest.fn(async () => response({ id: '555', properties: {} }));
    const [outcome] = await executorWith(post, patch).upsert({ ...group, objectType: 'contacts' }, [
      { idProperty: 'app_user_id', id: 'u1', properties: { email: 'taken@x.io' } },
    ]);
    expect(outcome).toMatchObject({ kind: 'ok', hubspotId: '555', created: false });
    expect(patch).toHaveBeenCalledWith(
      '/crm/objects/2026-09/contacts/555',
      { properties: { email: 'taken@x.io', app_user_id: 'u1' } },
      expect.objectContaining({ portalId: 7 }),
    );
  });

  it('marks inputs HubSpot left out of a 2xx answer as retryable', async () => {
    const post = jest.fn(async () =>
      response({ status: 'COMPLETE', results: [{ id: '1', properties: { email: 'a@x.io' } }] }),
    );
    const outcomes = await executorWith(post).upsert(group, [row('a@x.io'), row('b@x.io')]);
    expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'retry']);
  });
});
