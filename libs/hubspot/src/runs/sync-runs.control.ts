import { Injectable } from '@nestjs/common';
import { HubspotSyncRun } from './hubspot-sync-run.entity';
import { SyncRunView, toSyncRunView } from './sync-run.view';
import { ListRunsFilter, SyncRunsService } from './sync-runs.service';
import { SyncRunsWorker } from './sync-runs.worker';

/** Operator actions on any run (backfill or reconciliation): inspect, list, pause, resume, cancel. */
@Injectable()
export class SyncRunsControl {
  constructor(
    private readonly runs: SyncRunsService,
    private readonly worker: SyncRunsWorker,
  ) {}

  async view(id: number): Promise<SyncRunView> {
    return toSyncRunView(await this.runs.get(id));
  }

  async list(filter: ListRunsFilter = {}): Promise<SyncRunView[]> {
    const now = Date.now();
    return (await this.runs.list(filter)).map((run) => toSyncRunView(run, now));
  }

  /** The running worker stops after its current batch; the checkpoint stays for resume. */
  async pause(id: number): Promise<SyncRunView> {
    return toSyncRunView(await this.runs.pause(id));
  }

  /** Queues a paused run again; a worker continues from its checkpoint. */
  async resume(id: number): Promise<SyncRunView> {
    const run = await this.runs.resume(id);
    await this.worker.enqueue(run);
    return toSyncRunView(run);
  }

  async cancel(id: number): Promise<SyncRunView> {
    return toSyncRunView(await this.runs.cancel(id));
  }

  /** Creates a run and its job. */
  async launch(create: () => Promise<HubspotSyncRun>): Promise<HubspotSyncRun> {
    const run = await create();
    await this.worker.enqueue(run);
    return run;
  }
}
