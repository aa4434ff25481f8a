import {
  HubspotAuthError,
  HubspotConflictError,
  HubspotDailyLimitError,
  HubspotMissingScopesError,
  HubspotNotFoundError,
  HubspotRateLimitedError,
  HubspotTransientError,
  HubspotValidationError,
} from '../errors';
import {
  CallContext,
  classifyNetworkError,
  classifyResponse,
  parseRetryAfter,
} from './hubspot-error.classifier';

const RESET = new Date('2030-01-02T05:00:00Z');
const ctx: CallContext = {
  portalId: 42,
  method: 'POST',
  path: '/crm/objects/2026-09/contacts',
  dailyResetAt: () => RESET,
};
const CID = '5f2c7bd3-7c4e-4d3b-9c1e-2a0f4b1c9e11';
const headers = (extra: Record<string, string> = {}) => ({ 'x-hubspot-correlation-id': CID, ...extra });

// Bodies as HubSpot sends them (its API reference and public issue threads).
const BODIES = {
  tenSecondly: `{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","correlationId":"${CID}","policyName":"TEN_SECONDLY_ROLLING","groupName":"publicapi:app-ten-secondly-rolling:1:42"}`,
  secondly: `{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","correlationId":"${CID}","policyName":"SECONDLY","groupName":"publicapi:search-secondly:42"}`,
  daily: `{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","correlationId":"${CID}","policyName":"DAILY","groupName":"publicapi:daily:42"}`,
  validation: `{"status":"error","message":"Property values were not valid: [{\\"isValid\\":false,\\"message\\":\\"Property \\\\\\"favourite_colour\\\\\\" does not exist\\",\\"error\\":\\"PROPERTY_DOESNT_EXIST\\",\\"name\\":\\"favourite_colour\\"}]","correlationId":"${CID}","category":"VALIDATION_ERROR","errors":[{"message":"Property \\"favourite_colour\\" does not exist","code":"PROPERTY_DOESNT_EXIST","in":"favourite_colour"}]}`,
  notFound: `{"status":"error","message":"resource not found","correlationId":"${CID}","category":"OBJECT_NOT_FOUND"}`,
  conflict: `{"status":"error","message":"Contact already exists. Existing ID: 123","correlationId":"${CID}","category":"CONFLICT"}`,
  scopes: `{"status":"error","message":"This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.","correlationId":"${CID}","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredGranularScopes":["crm.objects.contacts.write"]}}],"category":"MISSING_SCOPES"}`,
  expired: `{"status":"error","message":"The OAuth token used to make this call expired 2 hour(s) ago.","correlationId":"${CID}","category":"EXPIRED_AUTHENTICATION"}`,
  invalid: `{"status":"error","message":"Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview","correlationId":"${CID}","category":"INVALID_AUTHENTICATION"}`,
  locked: `{"status":"error","message":"The resource is locked","correlationId":"${CID}","category":"LOCKED"}`,
  migration: `{"status":"error","message":"Portal is being migrated","correlationId":"${CID}","category":"MIGRATION_IN_PROGRESS"}`,
  gateway:
    '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
};

describe('classifyResponse: every HubSpot answer class', () => {
  it("400 from the OAuth token endpoint keeps HubSpot's code (BAD_REFRESH_TOKEN) as the category", () => {
    const body = `{"status":"BAD_REFRESH_TOKEN","message":"missing or unknown refresh token","correlationId":"${CID}"}`;
    const e = classifyResponse(400, body, headers(), { ...ctx, path: '/oauth/v1/token' });
    expect(e).toBeInstanceOf(HubspotValidationError);
    expect(e.category).toBe('BAD_REFRESH_TOKEN');
  });

  it("400 from the dated token endpoint keeps RFC 6749's error and HubSpot's code", () => {
    const body = `{"status":"BAD_REFRESH_TOKEN","message":"missing or unknown refresh token","correlationId":"${CID}","error":"invalid_grant","error_description":"missing or unknown refresh token"}`;
    const e = classifyResponse(400, body, headers(), { ...ctx, path: '/oauth/2026-03/token' });
    expect(e).toBeInstanceOf(HubspotValidationError);
    expect(e).toMatchObject({
      category: 'BAD_REFRESH_TOKEN',
      message: 'missing or unknown refresh token',
      context: { error: 'invalid_grant', error_description: 'missing or unknown refresh token' },
    });
  });

  it('401 invalid_client with only the RFC 6749 fields -> Auth, described by error_description', () => {
    const body = '{"error":"invalid_client","error_description":"client authentication failed"}';
    const e = classifyResponse(401, body, headers(), { ...ctx, path: '/oauth/2026-03/token' });
    expect(e).toBeInstanceOf(HubspotAuthError);
    expect(e).toMatchObject({ category: 'invalid_client', message: 'client authentication failed' });
  });

  it("400 of 2026-09 write validation -> Validation (never retried) with HubSpot's message and details", () => {
    const body = JSON.stringify({
      status: 'error',
      message: 'Error creating DEAL.  Some required properties were not set.',
      correlationId: CID,
      category: 'VALIDATION_ERROR',
      context: { properties: ['dealname'] },
      errors: [
        {
          message: 'Some required properties were not set.',
          code: 'MISSING_REQUIRED_PROPERTY',
          context: { propertyName: ['dealname'] },
        },
      ],
    });
    const e = classifyResponse(400, body, headers(), { ...ctx, path: '/crm/objects/2026-09/deals' });
    expect(e).toBeInstanceOf(HubspotValidationError);
    expect(e).toMatchObject({ retryable: false, disposition: 'fail', category: 'VALIDATION_ERROR' });
    expect(e.message).toBe('Error creating DEAL.  Some required properties were not set.');
    expect(e.errors?.[0]).toMatchObject({ code: 'MISSING_REQUIRED_PROPERTY' });
    expect(e.toJSON()).toMatchObject({ context: { properties: ['dealname'] } });
  });

  it('429 TEN_SECONDLY_ROLLING -> RateLimited (retry)', () => {
    const e = classifyResponse(429, BODIES.tenSecondly, headers(), ctx);
    expect(e).toBeInstanceOf(HubspotRateLimitedError);
    expect(e).toMatchObject({ policyName: 'TEN_SECONDLY_ROLLING', retryable: true, disposition: 'retry' });
    expect(e).toMatchObject({ status: 429, correlationId: CID, category: 'RATE_LIMIT', portalId: 42 });
    expect(e.message).toBe('You have reached your ten_secondly_rolling limit.');
    expect(e.retryAfterMs).toBeUndefined();
  });

  it('429 SECONDLY (search) -> RateLimited, Retry-After honoured', () => {
    const e = classifyResponse(429, BODIES.secondly, headers({ 'retry-after': '1' }), ctx);
    expect(e).toBeInstanceOf(HubspotRateLimitedError);
    expect(e).toMatchObject({ policyName: 'SECONDLY', retryAfterMs: 1_000 });
  });

  it('429 DAILY -> DailyLimit (park until the reset)', () => {
    const e = classifyResponse(429, BODIES.daily, headers(), ctx) as HubspotDailyLimitError;
    expect(e).toBeInstanceOf(HubspotDailyLimitError);
    expect(e.disposition).toBe('park');
    expect(e.resetAt).toEqual(RESET);
    expect(e.reserveHeld).toBe(false);
    expect(e.message).toBe('You have reached your daily limit.');
  });

  it.each([500, 502, 503, 504, 524])('%i -> Transient', (status) => {
    const e = classifyResponse(status, status === 502 ? BODIES.gateway : '', headers(), ctx);
    expect(e).toBeInstanceOf(HubspotTransientError);
    expect(e).toMatchObject({ status, retryable: true, correlationId: CID });
  });

  it('keeps a short readable message from an HTML gateway page', () => {
    const e = classifyResponse(502, BODIES.gateway, {}, ctx);
    expect(e.message).toContain('502 Bad Gateway');
    expect(e.message.length).toBeLessThanOrEqual(200);
  });

  it('423 Locked -> Transient, waits at least 2 s', () => {
    const e = classifyResponse(423, BODIES.locked, headers(), ctx);
    expect(e).toBeInstanceOf(HubspotTransientError);
    expect(e.retryAfterMs).toBe(2_000);
  });

  it('477 Migration in Progress -> Transient with its Retry-After', () => {
    const e = classifyResponse(477, BODIES.migration, headers({ 'retry-after': '7' }), ctx);
    expect(e).toBeInstanceOf(HubspotTransientError);
    expect(e.retryAfterMs).toBe(7_000);
  });

  it('400 VALIDATION_ERROR -> Validation (fail) with HubSpot details', () => {
    const e = classifyResponse(400, BODIES.validation, headers(), ctx);
    expect(e).toBeInstanceOf(HubspotValidationError);
    expect(e).toMatchObject({ retryable: false, category: 'VALIDATION_ERROR', correlationId: CID });
    expect(e.message).toMatch(/^Property values were not valid/);
    expect(e.errors?.[0]).toMatchObject({ code: 'PROPERTY_DOESNT_EXIST' });
  });

  it('404 -> NotFound, with or without a body', () => {
    expect(classifyResponse(404, BODIES.notFound, headers(), ctx)).toBeInstanceOf(HubspotNotFoundError);
    const bare = classifyResponse(404, '', headers(), ctx);
    expect(bare).toBeInstanceOf(HubspotNotFoundError);
    expect(bare.message).toContain('404');
    expect(bare.correlationId).toBe(CID);
  });

  it('409 CONFLICT -> Conflict with the existing id', () => {
    const e = classifyResponse(409, BODIES.conflict, headers(), ctx) as HubspotConflictError;
    expect(e).toBeInstanceOf(HubspotConflictError);
    expect(e.existingId).toBe('123');
    expect(e.retryable).toBe(false);
  });

  it('403 MISSING_SCOPES -> MissingScopes', () => {
    const e = classifyResponse(403, BODIES.scopes, headers(), ctx);
    expect(e).toBeInstanceOf(HubspotMissingScopesError);
    expect(e).toMatchObject({ category: 'MISSING_SCOPES', retryable: false });
  });

  it.each([BODIES.expired, BODIES.invalid])('401 -> Auth (fail)', (body) => {
    const e = classifyResponse(401, body, headers(), ctx);
    expect(e).toBeInstanceOf(HubspotAuthError);
    expect(e.retryable).toBe(false);
  });

  it('takes the correlation id from the body when the header is missing', () => {
    expect(classifyResponse(409, BODIES.conflict, {}, ctx).correlationId).toBe(CID);
  });
});

describe('classifyNetworkError', () => {
  it('a dropped connection -> Transient with the socket error code only', () => {
    const err = new TypeError('fetch failed', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET', socket: { secret: 1 } }),
    });
    const e = classifyNetworkError(err, ctx, { timedOut: false });
    expect(e).toBeInstanceOf(HubspotTransientError);
    expect(e).toMatchObject({ category: 'NETWORK_ERROR', retryable: true });
    expect(e.message).toContain('UND_ERR_SOCKET');
    expect(e.cause).toEqual({ name: 'TypeError', code: 'UND_ERR_SOCKET' });
  });

  it('a timeout -> Transient TIMEOUT', () => {
    const err = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const e = classifyNetworkError(err, ctx, { timedOut: true });
    expect(e).toMatchObject({ category: 'TIMEOUT', retryable: true });
    expect(e.message).toMatch(/timed out/);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
