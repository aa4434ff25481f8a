import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { DEFERRED_QUEUE, RUNS_QUEUE, SYNC_QUEUE, WEBHOOKS_QUEUE } from '../../config/hubspot.constants';
import { Lane } from '../../http/hubspot-request.types';

export interface QueueBacklog {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** Waiting and delayed jobs of one portal and lane in one queue. */
export interface LaneBacklog {
  portalId: number;
  lane: Lane;
  queue: string;
  waiting: number;
  delayed: number;
}

/** Jobs parked until a portal can take them again (daily budget spent, app to re-install). */
export interface ParkedJobs {
  portalId: number;
  queue: string;
  /** The error category that parked them (DAILY, BAD_REFRESH_TOKEN, ...). */
  reason: string;
  /** The message of one of them. */
  message: string;
  count: number;
  /** When the last of them is due again, epoch ms. */
  until: number;
}

export interface LaneBacklogReport {
  lanes: LaneBacklog[];
  parked: ParkedJobs[];
  /** True when a queue held more jobs than were read: the counts are of the first `sampleSize` per state. */
  sampled: boolean;
}

interface PortalJobData {
  portalId?: number;
  lane?: Lane;
  parkedFrom?: string;
  parkedReason?: string;
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
    this.portalQueues = [sync, deferred];
  }

  private readonly portalQueues: Queue[];

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

  /**
   * Backlog per portal and lane of the queues whose jobs name both (sync, deferred associations), and the
   * parked sync jobs by reason. Reads at most `sampleSize` jobs per queue and state.
   */
  async byPortalAndLane(sampleSize = 1000): Promise<LaneBacklogReport> {
    const lanes = new Map<string, LaneBacklog>();
    const parked = new Map<string, ParkedJobs>();
    let sampled = false;
    for (const queue of this.portalQueues) {
      const counts = await queue.getJobCounts();
      for (const state of ['waiting', 'delayed'] as const) {
        if (counts[state] > sampleSize) sampled = true;
        const jobs = (await queue.getJobs(
          [state],
          0,
          sampleSize - 1,
          true,
        )) as Array<Job<PortalJobData> | null>;
        for (const job of jobs) {
          const data = job?.data;
          if (!job || typeof data?.portalId !== 'number' || !data.lane) continue;
          const key = `${queue.name}|${data.portalId}|${data.lane}`;
          const entry = lanes.get(key) ?? {
            portalId: data.portalId,
            lane: data.lane,
            queue: queue.name,
            waiting: 0,
            delayed: 0,
          };
          entry[state]++;
          lanes.set(key, entry);
          if (state === 'delayed' && data.parkedFrom) {
            const [reason, ...message] = (data.parkedReason ?? 'PARKED').split(': ');
            const until = job.timestamp + (job.opts.delay ?? 0);
            const p = parked.get(`${key}|${reason}`) ?? {
              portalId: data.portalId,
              queue: queue.name,
              reason,
              message: message.join(': '),
              count: 0,
              until,
            };
            p.count++;
            p.until = Math.max(p.until, until);
            parked.set(`${key}|${reason}`, p);
          }
        }
      }
    }
    return { lanes: [...lanes.values()], parked: [...parked.values()], sampled };
  }
}
