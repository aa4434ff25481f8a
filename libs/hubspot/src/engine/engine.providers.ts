import { Provider } from '@nestjs/common';
import { BatchUpsertExecutor } from './batch/batch-upsert.executor';
import { DeadLettersService } from './dead-letters/dead-letters.service';
import { DirectUpsertService } from './direct/direct-upsert.service';
import { SyncIntentQueue } from './intents/sync-intent.queue';
import { SyncLedgerService } from './ledger/sync-ledger.service';
import { OutboxCommitSubscriber } from './outbox/outbox-commit.subscriber';
import { OutboxEpochTracker } from './outbox/outbox-epoch.tracker';
import { OutboxUpsertsDispatcher } from './outbox/outbox-upserts.dispatcher';
import { OutboxWakeup } from './outbox/outbox-wakeup.signal';
import { OutboxRelay } from './outbox/outbox.relay';
import { OutboxSettlement } from './outbox/outbox.settlement';
import { OutboxStore } from './outbox/outbox.store';
import { OutboxWriter } from './outbox/outbox.writer';
import { SyncEvents } from './sync-events';
import { QueueBacklogReader } from './workers/queue-backlog.reader';
import { SyncBatchHandler } from './workers/sync-batch.handler';
import { SyncWorker } from './workers/sync.worker';

/**
 * The sync engine: intents, coalescing, batch and direct upserts, ledger, dead letters, the sync worker, and
 * the transactional outbox with its relay.
 */
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
  OutboxWakeup,
  OutboxCommitSubscriber,
  OutboxWriter,
  OutboxStore,
  OutboxSettlement,
  OutboxEpochTracker,
  OutboxRelay,
  OutboxUpsertsDispatcher,
];

export const ENGINE_EXPORTS = [
  SyncEvents,
  SyncLedgerService,
  DeadLettersService,
  SyncIntentQueue,
  OutboxRelay,
];
