import { randomBytes } from 'node:crypto';
import { keyId, parseKey, TokenCipher, TokenDecryptionError } from './token-cipher';

const hexKey = () => randomBytes(32).toString('hex');

describe('TokenCipher', () => {
  const token = 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4';

  it('round-trips a token and never stores its text', () => {
    const cipher = new TokenCipher(hexKey());
    const blob = cipher.encrypt(token, 'p:1:access');
    expect(blob.toString('latin1')).not.toContain(token);
    expect(blob.toString('base64')).not.toContain(token);
    expect(cipher.decrypt(blob, cipher.currentKeyId, 'p:1:access')).toBe(token);
  });

  it('uses a fresh IV per encryption', () => {
    const cipher = new TokenCipher(hexKey());
    expect(cipher.encrypt(token, 'c').equals(cipher.encrypt(token, 'c'))).toBe(false);
  });

  it('refuses a blob moved to another row or column (GCM additional data)', () => {
    const cipher = new TokenCipher(hexKey());
    const blob = cipher.encrypt(token, 'p:1:access');
    expect(() => cipher.decrypt(blob, cipher.currentKeyId, 'p:2:access')).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt(blob, cipher.currentKeyId, 'p:1:refresh')).toThrow(TokenDecryptionError);
  });

  it('refuses a tampered blob', () => {
    const cipher = new TokenCipher(hexKey());
    const blob = cipher.encrypt(token, 'c');
    blob[blob.length - 1] ^= 1;
    expect(() => cipher.decrypt(blob, cipher.currentKeyId, 'c')).toThrow(/failed authentication/);
  });

  it('decrypts rows of a previous key after rotation and marks them stale', () => {
    const oldKey = hexKey();
    const before = new TokenCipher(oldKey);
    const blob = before.encrypt(token, 'c');
    const after = new TokenCipher(randomBytes(32).toString('base64'), [oldKey]);
    expect(after.currentKeyId).not.toBe(before.currentKeyId);
    expect(after.isStale(before.currentKeyId)).toBe(true);
    expect(after.decrypt(blob, before.currentKeyId, 'c')).toBe(token);
  });

  it('fails clearly when the key of a row is no longer configured', () => {
    const blob = new TokenCipher(hexKey()).encrypt(token, 'c');
    const other = new TokenCipher(hexKey());
    expect(() => other.decrypt(blob, 'deadbeefdeadbeef', 'c')).toThrow(/No configured encryption key/);
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
