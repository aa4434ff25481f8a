import { Provider } from '@nestjs/common';
import { BatchUpsertExecutor } from './batch/batch-upsert.executor';
import { DeadLettersService } from './dead-letters/dead-letters.service';
import { DirectUpsertService } from './direct/direct-upsert.service';
import { SyncIntentQueue } from './intents/sync-intent.queue';
import { SyncLedgerService } from './ledger/sync-ledger.service';
import { SyncEvents } from './sync-events';
import { QueueBacklogReader } from './workers/queue-backlog.reader';
import { SyncBatchHandler } from './workers/sync-batch.handler';
import { SyncWorker } from './workers/sync.worker';

/** The sync engine: intents, coalescing, batch and direct upserts, ledger, dead letters, the sync worker. */
export const ENGINE_PROVIDERS: Provider[] = [
  SyncEvents,
  SyncLedgerService,
  DeadLettersService,
  BatchUpsertExecutor,
  DirectUpsertService,
  SyncIntentQueue,
  SyncBatchHandler,
  SyncWorker,
  QueueBacklogReader,
];

export const ENGINE_EXPORTS = [SyncEvents, SyncLedgerService, DeadLettersService, SyncIntentQueue];
