import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { HubspotConfigError } from '../../errors/hubspot-config.error';

const ALGORITHM = 'aes-256-gcm';
/** Format 1 bound only the row and column; format 2 also binds the format and the row's token_version. */
const LEGACY_FORMAT = 1;
const FORMAT = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown when a stored token cannot be decrypted (unknown key id, tampered row, wrong portal). */
export class TokenDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenDecryptionError';
  }
}

/** Where a blob lives: its row and column, and the row's token_version when it was written. */
export interface TokenContext {
  row: string;
  version: number;
}

/**
 * AES-256-GCM for OAuth tokens at rest. Every ciphertext is bound (as GCM additional data) to the
 * context it was written for (portal + column + token_version), so a blob cannot be moved to another row
 * or column, nor an older blob of the same row put back once the row has moved on.
 * Layout: format (1 byte) | iv (12) | tag (16) | ciphertext. The key id (a short hash of the key)
 * is stored next to the blobs so that rotation knows which key opens a row.
 */
export class TokenCipher {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(currentKey: string, previousKeys: string[] = []) {
    const current = parseKey(currentKey);
    this.currentKeyId = keyId(current);
    this.keys.set(this.currentKeyId, current);
    for (const raw of previousKeys) {
      const key = parseKey(raw);
      if (!this.keys.has(keyId(key))) this.keys.set(keyId(key), key);
    }
  }

  encrypt(plaintext: string, context: TokenContext): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(additionalData(FORMAT, context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]);
  }

  /** Opens a blob of either format (a format-1 blob was bound to the row and column only). */
  decrypt(blob: Buffer, keyIdOfRow: string, context: TokenContext): string {
    const key = this.keys.get(keyIdOfRow);
    if (!key) throw new TokenDecryptionError(`No configured encryption key has id ${keyIdOfRow}`);
    const format = blob[0];
    if (blob.length < 1 + IV_BYTES + TAG_BYTES || (format !== FORMAT && format !== LEGACY_FORMAT)) {
      throw new TokenDecryptionError('Stored token has an unknown format');
    }
    const iv = blob.subarray(1, 1 + IV_BYTES);
    const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv(ALGORITHM, key, iv);
    decipher.setAAD(additionalData(format, context));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([
        decipher.update(blob.subarray(1 + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new TokenDecryptionError(
        'Stored token failed authentication (tampered, or written for another row)',
      );
    }
  }

  /** True when the row was written with an older (rotation) key and should be re-encrypted. */
  isStale(keyIdOfRow: string): boolean {
    return keyIdOfRow !== this.currentKeyId;
  }

  /** True when a blob should be written again: an older key, or the format that did not bind the version. */
  needsRewrite(blob: Buffer, keyIdOfRow: string): boolean {
    return this.isStale(keyIdOfRow) || blob[0] !== FORMAT;
  }
}

function additionalData(format: number, { row, version }: TokenContext): Buffer {
  const text = format === LEGACY_FORMAT ? row : `hubspot-sync/token/v${format}|${row}|${version}`;
  return Buffer.from(text, 'utf8');
}

/** 64 hex characters or base64 of 32 bytes (validated at boot by resolveHubspotConfig too). */
export function parseKey(raw: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new HubspotConfigError(['auth.encryptionKey must be 32 bytes as 64 hex characters or base64']);
  }
  return key;
}

/** A non-secret identifier of a key: 16 hex chars of a domain-separated SHA-256. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('hubspot-sync/token-key/').update(key).digest('hex').slice(0, 16);
}
