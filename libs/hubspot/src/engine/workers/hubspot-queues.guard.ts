import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bull';
import { DEFERRED_QUEUE, RUNS_QUEUE, SYNC_QUEUE, WEBHOOKS_QUEUE } from '../../config/hubspot.constants';
import { guardWorkerName } from './bull-worker-name.patch';

/**
 * Applies the Bull 4 shutdown guard to every queue of the module once, before any worker calls
 * `process()` (workers start in onApplicationBootstrap; this runs at instantiation).
 */
@Injectable()
export class HubspotQueuesGuard {
  constructor(
    @InjectQueue(SYNC_QUEUE) sync: Queue,
    @InjectQueue(DEFERRED_QUEUE) deferred: Queue,
    @InjectQueue(WEBHOOKS_QUEUE) webhooks: Queue,
    @InjectQueue(RUNS_QUEUE) runs: Queue,
  ) {
    for (const queue of [sync, deferred, webhooks, runs]) guardWorkerName(queue);
  }
}
