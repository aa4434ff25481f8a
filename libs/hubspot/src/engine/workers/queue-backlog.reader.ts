import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { DEFERRED_QUEUE, RUNS_QUEUE, SYNC_QUEUE, WEBHOOKS_QUEUE } from '../../config/hubspot.constants';

export interface QueueBacklog {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** Reads the module's Bull queues: how much work is waiting, and how old the oldest waiting sync job is. */
@Injectable()
export class QueueBacklogReader {
  private readonly queues: Queue[];

  constructor(
    @InjectQueue(SYNC_QUEUE) private readonly sync: Queue,
    @InjectQueue(DEFERRED_QUEUE) deferred: Queue,
    @InjectQueue(WEBHOOKS_QUEUE) webhooks: Queue,
    @InjectQueue(RUNS_QUEUE) runs: Queue,
  ) {
    this.queues = [sync, deferred, webhooks, runs];
  }

  async backlog(): Promise<QueueBacklog[]> {
    return Promise.all(
      this.queues.map(async (q) => {
        const counts = await q.getJobCounts();
        return {
          queue: q.name,
          waiting: counts.waiting,
          active: counts.active,
          delayed: counts.delayed,
          failed: counts.failed,
        };
      }),
    );
  }

  /** Seconds the oldest waiting sync intent has been queued (0 when nothing waits): the sync lag. */
  async syncLagSeconds(now = Date.now()): Promise<number> {
    const [oldest] = await this.sync.getJobs(['waiting'], 0, 0, true);
    return oldest ? Math.max(0, (now - oldest.timestamp) / 1000) : 0;
  }
}
