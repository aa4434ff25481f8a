import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { RUNS_QUEUE, WEBHOOKS_QUEUE } from '../../config/hubspot.constants';

export interface QueueBacklog {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** Reads the module's Bull queues (webhook events, runs): how much work waits. Sync work: PortalBacklogReader. */
@Injectable()
export class QueueBacklogReader {
  private readonly queues: Queue[];

  constructor(@InjectQueue(WEBHOOKS_QUEUE) webhooks: Queue, @InjectQueue(RUNS_QUEUE) runs: Queue) {
    this.queues = [webhooks, runs];
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
