import { ArgumentsHost } from '@nestjs/common';
import {
  HubspotAuthError,
  HubspotConflictError,
  HubspotDailyLimitError,
  HubspotMissingScopesError,
  HubspotNotFoundError,
  HubspotRateLimitedError,
  HubspotTransientError,
  HubspotValidationError,
} from './index';
import { ClientRateLimitedError } from './client-rate-limited.error';
import { HubspotExceptionFilter, MappedError } from './hubspot-exception.filter';

function answer(error: MappedError) {
  const res = {
    headers: {} as Record<string, string>,
    statusCode: 0,
    body: undefined as unknown,
    setHeader(name: string, value: string) {
      this.headers[name] = value;
    },
    status(code: number) {
      this.statusCode = code;
      return { json: (body: unknown) => (res.body = body) };
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new HubspotExceptionFilter().catch(error, host);
  return res;
}

const details = { correlationId: 'cid-1', category: 'VALIDATION_ERROR' };

describe('HubspotExceptionFilter', () => {
  it.each([
    [new HubspotRateLimitedError('slow down', 'TEN_SECONDLY_ROLLING', { retryAfterMs: 2_500 }), '3'],
    [new HubspotTransientError('502'), '1'],
    [new HubspotDailyLimitError('daily', new Date(Date.now() + 3_600_000)), '3600'],
  ])('retryable %p -> 503 with Retry-After', (error, retryAfter) => {
    const res = answer(error);
    expect(res.statusCode).toBe(503);
    expect(Number(res.headers['Retry-After'])).toBeGreaterThanOrEqual(Number(retryAfter) - 1);
    expect(Number(res.headers['Retry-After'])).toBeLessThanOrEqual(Number(retryAfter));
  });

  it('validation -> 422 with HubSpot details', () => {
    const errors = [{ message: 'Property "x" does not exist', code: 'PROPERTY_DOESNT_EXIST' }];
    const res = answer(new HubspotValidationError('Property values were not valid', { ...details, errors }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatchObject({
      statusCode: 422,
      error: 'HubspotValidationError',
      message: 'Property values were not valid',
      category: 'VALIDATION_ERROR',
      correlationId: 'cid-1',
      errors,
    });
    expect(res.headers['Retry-After']).toBeUndefined();
  });

  it.each([
    [new HubspotNotFoundError('resource not found'), 404],
    [new HubspotConflictError('Contact already exists. Existing ID: 5'), 409],
    [new HubspotAuthError('Authentication credentials not found'), 502],
    [new HubspotMissingScopesError('missing scopes'), 502],
  ])('%p -> %i', (error, status) => {
    expect(answer(error).statusCode).toBe(status);
  });

  it('never echoes a token, even if one slipped into a message field of a cause', () => {
    const error = new HubspotAuthError('refused', { cause: { authorization: 'Bearer pat-secret-123' } });
    expect(JSON.stringify(answer(error).body)).not.toContain('pat-secret-123');
  });

  it('a caller over one of the module route limits -> 429 with Retry-After in whole seconds', () => {
    const res = answer(new ClientRateLimitedError('OAuth callback', 12_300));
    expect(res.statusCode).toBe(429);
    expect(res.headers['Retry-After']).toBe('13');
    expect(res.body).toMatchObject({ statusCode: 429, error: 'ClientRateLimitedError' });
  });
});
