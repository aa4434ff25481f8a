import type { Job, Queue } from 'bull';

/** Job.moveToDelayed exists in Bull 4 but is missing from its typings. */
type DelayableJob = Job & { moveToDelayed(timestamp: number, ignoreLock?: boolean): Promise<void> };

/**
 * Bull 4 fetches the next job while completing one ("fetch next"), even when the worker is pausing to shut
 * down: such a job sits in `active` under this worker's lock and would only come back after the lock
 * expires and a stalled check runs (30-60 s). After the local pause has drained, every active job still
 * locked by this queue instance is one nobody will process: move it back (delayed until now) so another
 * worker picks it up at once. Returns how many were released.
 */
export async function releaseOrphanedJobs(queue: Queue): Promise<number> {
  const client = queue.client;
  const ids = await client.lrange(queue.toKey('active'), 0, -1);
  if (!ids.length) return 0;
  const locks = await client.mget(ids.map((id) => `${queue.toKey(id)}:lock`));
  const token = (queue as unknown as { token: string }).token;
  let released = 0;
  for (const [i, id] of ids.entries()) {
    if (locks[i] !== token) continue;
    const job = (await queue.getJob(id)) as DelayableJob | null;
    if (!job) continue;
    try {
      await job.moveToDelayed(Date.now());
      released++;
    } catch {
      // Lock lost meanwhile: another worker owns it now.
    }
  }
  return released;
}
