import { randomBytes } from 'node:crypto';
import { createCipheriv } from 'node:crypto';
import { keyId, parseKey, TokenCipher, TokenContext, TokenDecryptionError } from './token-cipher';

const hexKey = () => randomBytes(32).toString('hex');
const at = (row: string, version = 1): TokenContext => ({ row, version });

/** A blob as the first release wrote it: format byte 1, bound to the row and column only. */
function legacyBlob(key: string, plaintext: string, row: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'hex'), iv);
  cipher.setAAD(Buffer.from(row, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
}

describe('TokenCipher', () => {
  const token = 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4';

  it('round-trips a token and never stores its text', () => {
    const cipher = new TokenCipher(hexKey());
    const blob = cipher.encrypt(token, at('p:1:access'));
    expect(blob.toString('latin1')).not.toContain(token);
    expect(blob.toString('base64')).not.toContain(token);
    expect(cipher.decrypt(blob, cipher.currentKeyId, at('p:1:access'))).toBe(token);
  });

  it('uses a fresh IV per encryption', () => {
    const cipher = new TokenCipher(hexKey());
    expect(cipher.encrypt(token, at('c')).equals(cipher.encrypt(token, at('c')))).toBe(false);
  });

  it('refuses a blob moved to another row or column (GCM additional data)', () => {
    const cipher = new TokenCipher(hexKey());
    const blob = cipher.encrypt(token, at('p:1:access'));
    expect(() => cipher.decrypt(blob, cipher.currentKeyId, at('p:2:access'))).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt(blob, cipher.currentKeyId, at('p:1:refresh'))).toThrow(TokenDecryptionError);
  });

  it('refuses an older blob of the same row once the row has moved to another token_version', () => {
    const cipher = new TokenCipher(hexKey());
    const older = cipher.encrypt(token, at('p:1:refresh', 3));
    expect(cipher.decrypt(older, cipher.currentKeyId, at('p:1:refresh', 3))).toBe(token);
    expect(() => cipher.decrypt(older, cipher.currentKeyId, at('p:1:refresh', 4))).toThrow(
      /failed authentication/,
    );
  });

  it('binds the format byte: a blob relabelled as the legacy format does not open', () => {
    const cipher = new TokenCipher(hexKey());
    const blob = cipher.encrypt(token, at('p:1:access'));
    blob[0] = 1;
    expect(() => cipher.decrypt(blob, cipher.currentKeyId, at('p:1:access'))).toThrow(
      /failed authentication/,
    );
  });

  it('opens blobs of the legacy format (row and column only) and asks for them to be rewritten', () => {
    const key = hexKey();
    const cipher = new TokenCipher(key);
    const legacy = legacyBlob(key, token, 'p:1:access');
    expect(cipher.decrypt(legacy, cipher.currentKeyId, at('p:1:access', 7))).toBe(token);
    expect(cipher.needsRewrite(legacy, cipher.currentKeyId)).toBe(true);
    expect(cipher.needsRewrite(cipher.encrypt(token, at('p:1:access', 7)), cipher.currentKeyId)).toBe(false);
    expect(() => cipher.decrypt(legacy, cipher.currentKeyId, at('p:2:access', 7))).toThrow(
      TokenDecryptionError,
    );
  });

  it('refuses a tampered blob', () => {
    const cipher = new TokenCipher(hexKey());
    const blob = cipher.encrypt(token, at('c'));
    blob[blob.length - 1] ^= 1;
    expect(() => cipher.decrypt(blob, cipher.currentKeyId, at('c'))).toThrow(/failed authentication/);
  });

  it('decrypts rows of a previous key after rotation and marks them stale', () => {
    const oldKey = hexKey();
    const before = new TokenCipher(oldKey);
    const blob = before.encrypt(token, at('c'));
    const after = new TokenCipher(randomBytes(32).toString('base64'), [oldKey]);
    expect(after.currentKeyId).not.toBe(before.currentKeyId);
    expect(after.isStale(before.currentKeyId)).toBe(true);
    expect(after.decrypt(blob, before.currentKeyId, at('c'))).toBe(token);
  });

  it('fails clearly when the key of a row is no longer configured', () => {
    const blob = new TokenCipher(hexKey()).encrypt(token, at('c'));
    const other = new TokenCipher(hexKey());
    expect(() => other.decrypt(blob, 'deadbeefdeadbeef', at('c'))).toThrow(/No configured encryption key/);
  });

  it('parses hex and base64 keys to the same 32 bytes and derives a stable, non-secret id', () => {
    const bytes = randomBytes(32);
    expect(parseKey(bytes.toString('hex')).equals(bytes)).toBe(true);
    expect(parseKey(bytes.toString('base64')).equals(bytes)).toBe(true);
    expect(keyId(bytes)).toBe(keyId(Buffer.from(bytes)));
    expect(keyId(bytes)).toHaveLength(16);
    expect(bytes.toString('hex')).not.toContain(keyId(bytes));
    expect(() => parseKey('c2hvcnQ=')).toThrow(/32 bytes/);
  });
});
