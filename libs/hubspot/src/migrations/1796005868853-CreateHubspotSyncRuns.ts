import { CreateTableMigration } from './create-table.migration';

/** hubspot_sync_runs: backfills and reconciliations with their checkpoint, lease and report. */
export class CreateHubspotSyncRuns1796005868853 extends CreateTableMigration {
  name = 'CreateHubspotSyncRuns1796005868853';
  protected table = 'hubspot_sync_runs';
  protected definition = `
        \`id\` int unsigned NOT NULL AUTO_INCREMENT,
        \`kind\` varchar(16) NOT NULL,
        \`scope\` varchar(16) NOT NULL DEFAULT 'all',
        \`dry_run\` tinyint NOT NULL DEFAULT 0,
        \`incremental\` tinyint NOT NULL DEFAULT 0,
        \`portal_id\` bigint NOT NULL,
        \`status\` varchar(16) NOT NULL,
        \`phase\` varchar(16) NULL,
        \`checkpoint\` text NULL,
        \`batch_size\` int NOT NULL DEFAULT 100,
        \`total\` int NOT NULL DEFAULT 0,
        \`processed\` int NOT NULL DEFAULT 0,
        \`failed\` int NOT NULL DEFAULT 0,
        \`calls_used\` int NOT NULL DEFAULT 0,
        \`resumed_count\` int NOT NULL DEFAULT 0,
        \`report\` text NULL,
        \`error\` text NULL,
        \`requested_by\` varchar(64) NULL,
        \`slot_key\` varchar(128) NULL,
        \`owner_id\` varchar(64) NULL,
        \`heartbeat_at\` datetime(3) NULL,
        \`parked_until\` datetime(3) NULL,
        \`attempt_started_at\` datetime(3) NULL,
        \`attempt_start_processed\` int NOT NULL DEFAULT 0,
        \`started_at\` datetime(3) NULL,
        \`finished_at\` datetime(3) NULL,
        \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`UQ_hubspot_sync_runs_slot_key\` (\`slot_key\`),
        INDEX \`IDX_hubspot_sync_runs_portal_kind\` (\`portal_id\`, \`kind\`, \`created_at\`),
        INDEX \`IDX_hubspot_sync_runs_status_heartbeat\` (\`status\`, \`heartbeat_at\`)
  `;
}
