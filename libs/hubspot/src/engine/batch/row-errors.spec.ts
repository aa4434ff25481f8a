import { HubspotConflictError, HubspotTransientError, HubspotValidationError } from '../../errors';
import { blamedProperties, contextValues, missingPropertyNames, rowError } from './row-errors';

describe('row errors', () => {
  it('types a 207 row by category and keeps HubSpot’s message and the correlation id', () => {
    const conflict = rowError(
      { status: 'error', category: 'CONFLICT', message: 'Contact already exists. Existing ID: 42' },
      'cid',
      '/p',
    );
    expect(conflict).toBeInstanceOf(HubspotConflictError);
    expect((conflict as HubspotConflictError).existingId).toBe('42');
    expect(conflict.correlationId).toBe('cid');
    expect(
      rowError({ status: 'error', category: 'VALIDATION_ERROR', message: 'm' }, undefined, '/p'),
    ).toBeInstanceOf(HubspotValidationError);
    expect(
      rowError({ status: 'error', category: 'INTERNAL_ERROR', message: 'm' }, undefined, '/p'),
    ).toBeInstanceOf(HubspotTransientError);
  });

  it('lists every value an error context names', () => {
    expect(contextValues({ ids: ['a', 'b'], id: 'c', n: 3 as unknown as string })).toEqual(['a', 'b', 'c']);
    expect(contextValues(undefined)).toEqual([]);
  });

  it('finds the properties a validation error blames, in HubSpot’s JSON list or its quoted message', () => {
    const json = new HubspotValidationError(
      'Property values were not valid: [{"isValid":false,"message":"Property \\"foo\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"foo"},{"name":"bar"}]',
    );
    expect(blamedProperties(json).sort()).toEqual(['bar', 'foo']);
    expect(blamedProperties(new HubspotValidationError('Property "legacy_score" does not exist'))).toEqual([
      'legacy_score',
    ]);
    expect(blamedProperties(new HubspotValidationError('x', { context: { propertyName: ['p1'] } }))).toEqual([
      'p1',
    ]);
    expect(blamedProperties(new HubspotValidationError('Invalid input'))).toEqual([]);
  });

  it('tells missing properties from other invalid values', () => {
    const message =
      'Property values were not valid: [{"isValid":false,"message":"Property \\"plan\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"plan"},{"isValid":false,"error":"INVALID_OPTION","name":"tier"}]';
    expect(missingPropertyNames(message)).toEqual(['plan']);
    expect(missingPropertyNames('Property "legacy_score" does not exist')).toEqual(['legacy_score']);
    expect(
      missingPropertyNames('Property values were not valid: [{"error":"INVALID_OPTION","name":"tier"}]'),
    ).toEqual([]);
  });
});
