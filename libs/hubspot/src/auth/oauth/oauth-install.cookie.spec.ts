import {
  browserHash,
  clearedInstallCookie,
  installCookie,
  newBrowserNonce,
  readInstallCookie,
  sameBrowser,
} from './oauth-install.cookie';

const scope = { path: '/hubspot/oauth/callback', maxAgeMs: 600_000, secure: true };

describe('install cookie', () => {
  it('is HttpOnly, SameSite=Lax, scoped to the callback path, Secure over https, as long-lived as a state', () => {
    const nonce = newBrowserNonce();
    expect(installCookie(nonce, scope)).toBe(
      `hubspot_oauth_install=${nonce}; Max-Age=600; Path=/hubspot/oauth/callback; HttpOnly; SameSite=Lax; Secure`,
    );
    expect(clearedInstallCookie({ ...scope, secure: false })).toBe(
      'hubspot_oauth_install=; Max-Age=0; Path=/hubspot/oauth/callback; HttpOnly; SameSite=Lax',
    );
  });

  it('reads only a well-formed nonce of its own name among other cookies', () => {
    const nonce = newBrowserNonce();
    expect(readInstallCookie(`a=1; hubspot_oauth_install=${nonce}; b=2`)).toBe(nonce);
    expect(readInstallCookie(['a=1', `hubspot_oauth_install=${nonce}`])).toBe(nonce);
    expect(readInstallCookie('hubspot_oauth_install=short')).toBeUndefined();
    expect(readInstallCookie(`xhubspot_oauth_install=${nonce}`)).toBeUndefined();
    expect(readInstallCookie(undefined)).toBeUndefined();
  });

  it('matches a state only with the nonce it was signed for', () => {
    const nonce = newBrowserNonce();
    expect(sameBrowser(nonce, browserHash(nonce))).toBe(true);
    expect(sameBrowser(newBrowserNonce(), browserHash(nonce))).toBe(false);
    expect(sameBrowser(undefined, browserHash(nonce))).toBe(false);
    expect(browserHash(nonce)).not.toContain(nonce);
  });
});
