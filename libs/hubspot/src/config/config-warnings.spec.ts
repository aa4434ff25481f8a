import { configWarnings } from './config-warnings';
import { resolveHubspotConfig } from './hubspot.config';

const DEC_2026 = new Date('2026-12-01T09:00:00Z');
const token = { type: 'static-token', accessToken: 'pat-na1-abcdef' };
const oauth = {
  type: 'oauth',
  clientId: 'id',
  clientSecret: 'secret-123',
  redirectUri: 'https://app.example/cb',
  scopes: ['oauth'],
  encryptionKey: 'a'.repeat(64),
};
const warnings = (options: object, now = DEC_2026) => configWarnings(resolveHubspotConfig(options), now);

describe('configWarnings', () => {
  it('says nothing about a current version and a static token', () => {
    expect(warnings({ auth: token })).toEqual([]);
  });

  it('warns in December 2026 that 2026-03 is past current, and when it stops being supported', () => {
    expect(warnings({ auth: token, apiVersion: '2026-03' })).toEqual([
      {
        level: 'warn',
        message: expect.stringMatching(
          /2026-03 is past "current" since 2026-09-30 and unsupported from 2027-09-30: set apiVersion to '2026-09'/,
        ),
      },
    ]);
  });

  it('is an error once the version is unsupported', () => {
    const [w] = warnings({ auth: token, apiVersion: '2026-03' }, new Date('2027-10-01T00:00:00Z'));
    expect(w).toEqual({ level: 'error', message: expect.stringMatching(/unsupported since 2027-09-30/) });
  });

  it('asks for a newer release of the module when the newest version it speaks is past current', () => {
    const [w] = warnings({ auth: token }, new Date('2027-04-01T00:00:00Z'));
    expect(w.message).toMatch(/2026-09 is past "current"[\s\S]*update nestjs-hubspot-sync/);
  });

  it("names the deprecated auth.type 'private-app'", () => {
    expect(warnings({ auth: { ...token, type: 'private-app' } })).toEqual([
      {
        level: 'warn',
        message: expect.stringMatching(/'private-app' is deprecated: use auth.type 'static-token'/),
      },
    ]);
  });

  it('says a tier does not set an OAuth app budget, and that Service Keys get no webhooks', () => {
    expect(warnings({ auth: oauth, limits: { tier: 'enterprise' } })[0].message).toMatch(
      /110 calls per 10 s/,
    );
    expect(
      warnings({
        auth: { ...token, kind: 'service-key' },
        webhooks: { clientSecrets: ['secret-0123456789'], publicBaseUrl: 'https://app.example.com' },
      })[0].message,
    ).toMatch(/Service Keys cannot receive webhooks/);
  });
});
