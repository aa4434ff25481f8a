import { OAuthReturnToError } from '../../errors/oauth-return-to.error';
import { resolveReturnTo, withPortalId } from './oauth-return-to';

const ORIGIN = 'https://app.example.com';

describe('resolveReturnTo', () => {
  it.each([
    ['/settings', '/settings'],
    ['/settings?tab=crm#top', '/settings?tab=crm#top'],
    ['settings', '/settings'],
    ['https://app.example.com/x', '/x'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/caf\u00e9', '/caf%C3%A9'],
  ])('keeps %j on the app origin as %j', (value, path) => {
    expect(resolveReturnTo(value, ORIGIN)).toBe(path);
  });

  it.each([
    ['tab after the slash', '/\t/evil.example/phish'],
    ['newline', '/ok\nLocation: https://evil.example'],
    ['backslash', '/\\evil.example'],
    ['backslashes', '\\\\evil.example'],
    ['protocol-relative', '//evil.example/phish'],
    ['dot segment to protocol-relative', '/.//evil.example'],
    ['absolute, other host', 'https://evil.example/'],
    ['absolute, other scheme', 'http://app.example.com/'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,hi'],
    ['too long', `/${'a'.repeat(2048)}`],
    ['repeated parameter', ['/a', '/b']],
  ])('refuses %s', (_name, value) => {
    expect(() => resolveReturnTo(value, ORIGIN)).toThrow(OAuthReturnToError);
  });

  it('asks for nothing when no returnTo was given', () => {
    expect(resolveReturnTo(undefined, ORIGIN)).toBeUndefined();
    expect(resolveReturnTo('', ORIGIN)).toBeUndefined();
  });
});

describe('withPortalId', () => {
  it('adds portalId to the query, before a fragment, and keeps relative targets relative', () => {
    expect(withPortalId('/done', 7)).toBe('/done?portalId=7');
    expect(withPortalId('/done?x=1#end', 7)).toBe('/done?x=1&portalId=7#end');
    expect(withPortalId('https://app.example.com/done', 7)).toBe('https://app.example.com/done?portalId=7');
  });
});
