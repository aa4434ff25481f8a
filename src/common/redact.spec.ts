import { redact } from './redact';

describe('redact', () => {
  it('masks bearer tokens, private-app tokens, secrets in key=value and JSON, and URL passwords', () => {
    const line = [
      'Authorization: Bearer abc.def-123',
      'token pat-na1-11111111-2222-3333',
      'client_secret=s3cr3t&x=1',
      '{"refresh_token":"rt-999"}',
      'mysql://root:hunter2@db:3306/app',
    ].join(' | ');
    const out = redact(line);
    for (const secret of ['abc.def-123', 'pat-na1-11111111', 's3cr3t', 'rt-999', 'hunter2']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('x=1');
    expect(out).toContain('@db:3306/app');
  });

  it('masks known secret values wherever they appear, leaving other text alone', () => {
    expect(redact('signed with my-webhook-secret ok', ['my-webhook-secret'])).toBe(
      'signed with [REDACTED] ok',
    );
    expect(redact('nothing to hide here')).toBe('nothing to hide here');
    const prose = 'No HUBSPOT_ACCESS_TOKEN: using the embedded emulator';
    expect(redact(prose)).toBe(prose);
  });
});
