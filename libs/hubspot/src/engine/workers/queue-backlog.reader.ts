import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { RUNS_QUEUE, SALES_QUEUE, WEBHOOKS_QUEUE } from '../../config/hubspot.constants';

export interface QueueBacklog {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/**
 * Reads the module's Bull queues (webhook events, runs, outbox sales): how much work waits. Record upserts and
 * associations wait in the per-portal dispatcher instead: PortalBacklogReader.
 */
@Injectable()
export class QueueBacklogReader {
  private readonly queues: Queue[];

  constructor(
    @InjectQueue(WEBHOOKS_QUEUE) webhooks: Queue,
    @InjectQueue(RUNS_QUEUE) runs: Queue,
    @InjectQueue(SALES_QUEUE) sales: Queue,
  ) {
    this.queues = [webhooks, runs, sales];
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
}
