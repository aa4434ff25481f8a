import { Provider } from '@nestjs/common';
import { BackfillEstimator } from './backfill/backfill-estimator';
import { BackfillExecutor } from './backfill/backfill.executor';
import { RunWriter } from './run-writer';
import { BackfillService } from './backfill/backfill.service';
import { DriftRepairer } from './reconciliation/drift-repairer';
import { HubspotRecordReader } from './reconciliation/hubspot-record-reader';
import { IncrementalChanges } from './reconciliation/incremental-changes';
import { ReconcileExecutor } from './reconciliation/reconcile.executor';
import { ReconciliationScheduler } from './reconciliation/reconciliation.scheduler';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { RunCallMeter } from './run-call-meter';
import { RUN_EXECUTORS } from './run-executor.types';
import { DEFAULT_SYNC_RUN_TIMING, SYNC_RUN_TIMING } from './sync-run.timing';
import { SyncRunsControl } from './sync-runs.control';
import { SyncRunLeases } from './sync-run-leases';
import { SyncRunsService } from './sync-runs.service';
import { SyncRunsWorker } from './sync-runs.worker';

/** Backfill, reconciliation and their runs (hubspot_sync_runs + RUNS_QUEUE), over the host's sources. */
export const RUNS_PROVIDERS: Provider[] = [
  { provide: SYNC_RUN_TIMING, useValue: DEFAULT_SYNC_RUN_TIMING },
  RunCallMeter,
  SyncRunsService,
  SyncRunLeases,
  SyncRunsWorker,
  SyncRunsControl,
  RunWriter,
  HubspotRecordReader,
  BackfillEstimator,
  DriftRepairer,
  IncrementalChanges,
  BackfillExecutor,
  ReconcileExecutor,
  {
    provide: RUN_EXECUTORS,
    inject: [BackfillExecutor, ReconcileExecutor],
    useFactory: (backfill: BackfillExecutor, reconcile: ReconcileExecutor) => [backfill, reconcile],
  },
  BackfillService,
  ReconciliationService,
  ReconciliationScheduler,
];

export const RUNS_EXPORTS = [SyncRunsService, SyncRunsControl, BackfillService, ReconciliationService];
