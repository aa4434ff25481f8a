import { Provider } from '@nestjs/common';
import { BatchUpsertExecutor } from './batch/batch-upsert.executor';
import { DeadLettersService } from './dead-letters/dead-letters.service';
import { DirectUpsertService } from './direct/direct-upsert.service';
import { DispatchBatchRunner } from './dispatch/dispatch-batch.runner';
import { DispatchKinds } from './dispatch/dispatch-kinds.registry';
import { DispatchNudges } from './dispatch/dispatch-nudges';
import { DispatchQueue } from './dispatch/dispatch.queue';
import { DispatchStore } from './dispatch/dispatch.store';
import { PortalBacklogReader } from './dispatch/portal-backlog.reader';
import { PortalIndex } from './dispatch/portal-index';
import { PortalIndexSweeper } from './dispatch/portal-index.sweeper';
import { PortalStateStore } from './dispatch/portal-state.store';
import { SyncDispatcher } from './dispatch/sync.dispatcher';
import { SyncIntentQueue } from './intents/sync-intent.queue';
import { UpsertBatchHandler } from './intents/upsert-batch.handler';
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

/**
 * The sync engine: intents, the fair per-portal dispatcher, batch and direct upserts, ledger, dead letters,
 * and the transactional outbox with its relay into the dispatcher.
 */
export const ENGINE_PROVIDERS: Provider[] = [
  SyncEvents,
  SyncLedgerService,
  DeadLettersService,
  BatchUpsertExecutor,
  DirectUpsertService,
  DispatchStore,
  PortalStateStore,
  PortalIndex,
  DispatchNudges,
  DispatchKinds,
  DispatchQueue,
  DispatchBatchRunner,
  PortalIndexSweeper,
  SyncDispatcher,
  SyncIntentQueue,
  UpsertBatchHandler,
  PortalBacklogReader,
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
  PortalBacklogReader,
  OutboxRelay,
];
