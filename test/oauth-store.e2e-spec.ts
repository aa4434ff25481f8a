import { HUBSPOT_ENTITIES, HUBSPOT_MIGRATIONS, HubspotOAuthToken } from '@app/hubspot';
import { HubspotConfig } from '@app/hubspot/testing';
import { Logger } from '@nestjs/common';
import { createCipheriv, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OAuthTokenStore } from '../libs/hubspot/src/auth/oauth/oauth-token.store';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { DB } from './support/services';

const key = () => randomBytes(32).toString('hex');
const configWith = (encryptionKey: string, previousEncryptionKeys: string[] = []) =>
  ({ auth: { type: 'oauth', encryptionKey, previousEncryptionKeys } }) as unknown as HubspotConfig;
const tokens = (n: number) => ({
  accessToken: `CKaccess-${n}-${randomBytes(24).toString('base64url')}`,
  refreshToken: `refresh-${n}-${randomBytes(12).toString('hex')}`,
  expiresAt: Date.now() + 1_800_000,
});

/** A blob as the first release wrote it: format byte 1, bound to the portal and column only. */
function legacyBlob(hexKey: string, plaintext: string, portalId: number, column: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(hexKey, 'hex'), iv);
  cipher.setAAD(Buffer.from(`hubspot_oauth_tokens:${portalId}:${column}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
}

describe('hubspot_oauth_tokens: migration, encryption at rest, key rotation (real MariaDB)', () => {
  let database: string;
  let ds: DataSource;
  const oldKey = key();
  const newKey = key();
  const storeWith = (config: HubspotConfig) =>
    new OAuthTokenStore(ds.getRepository(HubspotOAuthToken), config);

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    database = await createTestDatabase('oauth_store');
    ds = new DataSource({
      type: 'mysql',
      ...DB,
      database,
      entities: [...HUBSPOT_ENTITIES],
      migrations: [...HUBSPOT_MIGRATIONS],
    });
    await ds.initialize();
    await ds.runMigrations();
  });

  afterAll(async () => {
    await ds?.destroy();
    await dropTestDatabase(database);
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  it('stores ciphertext only and reads the tokens back', async () => {
    const store = storeWith(configWith(oldKey));
    const t = tokens(1);
    await store.saveInstall(501, t, {
      scopes: ['crm.objects.contacts.write', 'oauth'],
      hubDomain: 'a.example',
    });
    const [row] = await ds.query('SELECT * FROM hubspot_oauth_tokens WHERE portal_id = 501');
    const raw =
      JSON.stringify(row) + Buffer.concat([row.access_token_enc, row.refresh_token_enc]).toString('latin1');
    expect(raw).not.toContain(t.accessToken);
    expect(raw).not.toContain(t.refreshToken);
    expect(row.scopes).toBe('crm.objects.contacts.write oauth');
    expect(await store.load(501)).toMatchObject({ ...t, portalId: 501, status: 'active', tokenVersion: 1 });
  });

  it('refuses a ciphertext copied onto another portal row', async () => {
    const store = storeWith(configWith(oldKey));
    await store.saveInstall(502, tokens(2), { scopes: [] });
    await ds.query(
      `UPDATE hubspot_oauth_tokens t JOIN hubspot_oauth_tokens s ON s.portal_id = 501
       SET t.access_token_enc = s.access_token_enc WHERE t.portal_id = 502`,
    );
    await expect(store.load(502)).rejects.toThrow(/failed authentication/);
    await store.remove(502);
  });

  it('re-install replaces the tokens and refresh writes are compare-and-set on token_version', async () => {
    const store = storeWith(configWith(oldKey));
    const second = tokens(3);
    await store.saveInstall(501, second, { scopes: ['oauth'] });
    const loaded = (await store.load(501))!;
    expect(loaded.tokenVersion).toBe(2);
    expect(loaded.accessToken).toBe(second.accessToken);
    expect(await store.saveRefreshed(501, 1, tokens(4))).toBe(false);
    const refreshed = tokens(5);
    expect(await store.saveRefreshed(501, 2, refreshed)).toBe(true);
    expect((await store.load(501))!.accessToken).toBe(refreshed.accessToken);
    const [row] = await ds.query(
      'SELECT refresh_count, token_version FROM hubspot_oauth_tokens WHERE portal_id = 501',
    );
    expect(row).toEqual({ refresh_count: 1, token_version: 3 });
  });

  it('refuses an older ciphertext of the same row put back after the row moved on (rollback)', async () => {
    const store = storeWith(configWith(oldKey));
    await store.saveInstall(504, tokens(20), { scopes: [] });
    const [before] = await ds.query(
      'SELECT refresh_token_enc, access_token_enc FROM hubspot_oauth_tokens WHERE portal_id = 504',
    );
    expect(await store.saveRefreshed(504, 1, tokens(21))).toBe(true);
    await ds.query(
      'UPDATE hubspot_oauth_tokens SET refresh_token_enc = ?, access_token_enc = ? WHERE portal_id = 504',
      [before.refresh_token_enc, before.access_token_enc],
    );
    await expect(store.load(504)).rejects.toThrow(/failed authentication/);
    await store.remove(504);
  });

  it('reads rows written before token_version was bound once, then rewrites them in the current format', async () => {
    const store = storeWith(configWith(oldKey));
    const t = tokens(22);
    await store.saveInstall(505, tokens(23), { scopes: [] });
    await ds.query(
      'UPDATE hubspot_oauth_tokens SET access_token_enc = ?, refresh_token_enc = ?, token_version = 4 WHERE portal_id = 505',
      [legacyBlob(oldKey, t.accessToken, 505, 'access'), legacyBlob(oldKey, t.refreshToken, 505, 'refresh')],
    );
    const format = async () =>
      (
        await ds.query(
          'SELECT access_token_enc a, refresh_token_enc r FROM hubspot_oauth_tokens WHERE portal_id = 505',
        )
      ).map((row: { a: Buffer; r: Buffer }) => [row.a[0], row.r[0]])[0];
    expect(await format()).toEqual([1, 1]);
    expect(await store.load(505)).toMatchObject({ accessToken: t.accessToken, refreshToken: t.refreshToken });
    expect(await format()).toEqual([2, 2]);
    expect(await store.load(505)).toMatchObject({ accessToken: t.accessToken, tokenVersion: 4 });
    await store.remove(505);
  });

  it('rotates keys: old rows still open with previousEncryptionKeys and are re-encrypted to the new key', async () => {
    const old = storeWith(configWith(oldKey));
    const t = tokens(6);
    await old.saveInstall(503, t, { scopes: [] });
    const oldKeyId = (await ds.query('SELECT DISTINCT key_id FROM hubspot_oauth_tokens'))[0].key_id;

    const rotated = storeWith(configWith(newKey, [oldKey]));
    // Reading re-encrypts that row lazily; reencryptAll does the rest.
    expect((await rotated.load(503))!.accessToken).toBe(t.accessToken);
    expect(await rotated.reencryptAll()).toBe(1);
    const keyIds = await ds.query('SELECT DISTINCT key_id FROM hubspot_oauth_tokens');
    expect(keyIds).toHaveLength(1);
    expect(keyIds[0].key_id).not.toBe(oldKeyId);

    // The old key can now be dropped from the configuration.
    const newOnly = storeWith(configWith(newKey));
    expect((await newOnly.load(503))!.accessToken).toBe(t.accessToken);
    expect((await newOnly.load(501))!.refreshToken).toMatch(/^refresh-5-/);
    await expect(storeWith(configWith(oldKey)).load(503)).rejects.toThrow(/No configured encryption key/);
  });

  it('marks a portal needs_reinstall and the migration reverts cleanly', async () => {
    const store = storeWith(configWith(newKey));
    await store.markNeedsReinstall(503, 'BAD_REFRESH_TOKEN');
    expect((await store.rows()).map((r) => [r.portalId, r.status])).toEqual([
      [501, 'active'],
      [503, 'needs_reinstall'],
    ]);
    const runner = ds.createQueryRunner();
    const migration = HUBSPOT_MIGRATIONS.find((m) => m.name.startsWith('CreateHubspotOauthTokens'))!;
    await new migration().down(runner);
    expect(await runner.hasTable('hubspot_oauth_tokens')).toBe(false);
    await new migration().up(runner);
    await runner.release();
  });
});
