import { OAuthStateError } from '../../errors/oauth-state.error';
import { OAuthStateSigner } from './oauth-state.signer';

describe('OAuthStateSigner', () => {
  let now = 1_700_000_000_000;
  const clock = () => now;
  const signer = new OAuthStateSigner('client-secret-123', 60_000, clock);

  const reason = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (err) {
      return err instanceof OAuthStateError ? err.reason : 'other';
    }
    return undefined;
  };

  const browser = 'hash-of-the-browser-nonce';

  it('verifies its own state and carries returnTo and the browser binding', () => {
    const state = signer.sign({ browser, returnTo: '/settings' });
    const payload = signer.verify(state);
    expect(payload.returnTo).toBe('/settings');
    expect(payload.browser).toBe(browser);
    expect(payload.expiresAt).toBe(now + 60_000);
    expect(payload.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('gives every state its own nonce', () => {
    expect(signer.verify(signer.sign({ browser })).nonce).not.toBe(
      signer.verify(signer.sign({ browser })).nonce,
    );
  });

  it('rejects an expired state', () => {
    const state = signer.sign({ browser });
    now += 60_000;
    expect(reason(() => signer.verify(state))).toBe('expired');
    now -= 60_000;
  });

  it('rejects a state signed with another secret or edited in transit', () => {
    const other = new OAuthStateSigner('another-secret', 60_000, clock);
    expect(reason(() => signer.verify(other.sign({ browser })))).toBe('bad-signature');
    const [body, sig] = signer.sign({ browser }).split('.');
    const edited = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), expiresAt: now + 1e9 }),
    ).toString('base64url');
    expect(reason(() => signer.verify(`${edited}.${sig}`))).toBe('bad-signature');
  });

  it('rejects missing and malformed states', () => {
    expect(reason(() => signer.verify(undefined))).toBe('missing');
    expect(reason(() => signer.verify('abc'))).toBe('malformed');
    expect(reason(() => signer.verify('a.b.c'))).toBe('malformed');
    expect(reason(() => signer.verify('.x'))).toBe('malformed');
    const unbound = new OAuthStateSigner('client-secret-123', 60_000, clock);
    const [body] = unbound.sign({ browser }).split('.');
    const withoutBrowser = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), browser: undefined }),
    ).toString('base64url');
    const mac = (signer as unknown as { mac(b: string): Buffer }).mac(withoutBrowser).toString('base64url');
    expect(reason(() => signer.verify(`${withoutBrowser}.${mac}`))).toBe('malformed');
  });
});
