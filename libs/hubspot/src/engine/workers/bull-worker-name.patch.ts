import { Queue } from 'bull';

const GUARDED = Symbol('hubspot:worker-name-guarded');

/**
 * Bull 4's `process()` fires `client setname` on the blocking connection without handling its promise; when
 * the app closes right after boot (a CLI command, a test), that command fails with "Connection is closed."
 * as an unhandled rejection, which crashes Node by default. This swallows exactly that failure on one queue.
 */
export function guardWorkerName(queue: Queue): void {
  const q = queue as Queue & { setWorkerName?: () => Promise<unknown>; [GUARDED]?: true };
  if (q[GUARDED] || typeof q.setWorkerName !== 'function') return;
  const original = q.setWorkerName.bind(q);
  q.setWorkerName = () =>
    original().catch((err: Error) => {
      if (err?.message !== 'Connection is closed.') throw err;
    });
  q[GUARDED] = true;
}
