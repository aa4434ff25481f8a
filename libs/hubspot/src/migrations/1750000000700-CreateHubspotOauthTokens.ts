import { CreateTableMigration } from './create-table.migration';

/** OAuth tokens per installed portal; token columns hold ciphertext only (AES-256-GCM). */
export class CreateHubspotOauthTokens1750000000700 extends CreateTableMigration {
  name = 'CreateHubspotOauthTokens1750000000700';
  protected table = 'hubspot_oauth_tokens';
  protected definition = `
        \`portal_id\` BIGINT NOT NULL,
        \`access_token_enc\` VARBINARY(1024) NOT NULL,
        \`refresh_token_enc\` VARBINARY(1024) NOT NULL,
        \`key_id\` VARCHAR(16) NOT NULL,
        \`expires_at\` BIGINT NOT NULL,
        \`scopes\` TEXT NOT NULL,
        \`hub_domain\` VARCHAR(255) NULL,
        \`app_id\` BIGINT NULL,
        \`status\` VARCHAR(32) NOT NULL DEFAULT 'active',
        \`status_reason\` VARCHAR(255) NULL,
        \`token_version\` INT NOT NULL DEFAULT 1,
        \`refresh_count\` INT NOT NULL DEFAULT 0,
        \`refreshed_at\` DATETIME(3) NULL,
        \`installed_at\` DATETIME(3) NOT NULL,
        \`updated_at\` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (\`portal_id\`),
        KEY \`IDX_hubspot_oauth_tokens_status\` (\`status\`),
        KEY \`IDX_hubspot_oauth_tokens_key_id\` (\`key_id\`)
  `;
}
