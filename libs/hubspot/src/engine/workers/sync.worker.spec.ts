import type { Job, Queue } from 'bull';
import { HubspotDailyLimitError, HubspotTransientError } from '../../errors';
import { resolveHubspotConfig } from '../../config/hubspot.config';
import { SyncIntentQueue } from '../intents/sync-intent.queue';
import { SyncJobData } from '../intents/sync-intent.types';
import { SyncBatchHandler } from './sync-batch.handler';
import { SyncVerdict } from './sync-verdict';
import { SyncWorker } from './sync.worker';

const config = resolveHubspotConfig({
  auth: { type: 'static-token', accessToken: 'pat-unit-test' },
  sync: { coalesceWindowMs: 0, worker: false },
});

function setup(verdicts: SyncVerdict[]) {
  const queue = { add: jest.fn(async () => ({})), process: jest.fn() } as unknown as Queue<SyncJobData>;
  const handler = {
    flush: jest.fn(async (jobs: unknown[]) => jobs.map(() => verdicts.shift())),
  } as unknown as SyncBatchHandler;
  const store = { handoff: jest.fn(async () => true) };
  const intents = { store, jobOptions: () => ({ attempts: 8 }) } as unknown as SyncIntentQueue;
  return { worker: new SyncWorker(queue, config, handler, intents), queue, handler, store };
}

const job = () =>
  ({
    id: '1:contacts:a@x.io:3',
    data: { portalId: 1, objectType: 'contacts', localKey: 'a@x.io', lane: 'live' },
    discard: jest.fn(),
  }) as unknown as Job<SyncJobData> & { discard: jest.Mock };

describe('SyncWorker.handle', () => {
  it('keeps sending while new intents arrive, then completes', async () => {
    const t = setup([{ next: 'again' }, { next: 'again' }, { next: 'done' }]);
    await expect(t.worker.handle(job())).resolves.toBe('done');
    expect(t.handler.flush).toHaveBeenCalledTimes(3);
  });

  it('throws retryable errors for Bull to retry, and fails dead-lettered jobs without retry', async () => {
    const error = new HubspotTransientError('503');
    await expect(setup([{ next: 'retry', error }]).worker.handle(job())).rejects.toBe(error);
    const failed = job();
    await expect(setup([{ next: 'failed', error }]).worker.handle(failed)).rejects.toBe(error);
    expect(failed.discard).toHaveBeenCalled();
  });

  it('parks on the daily limit: a delayed successor job takes over the record until the reset', async () => {
    const error = new HubspotDailyLimitError('daily', new Date(Date.now() + 3_600_000));
    const t = setup([{ next: 'park', error }]);
    await expect(t.worker.handle(job())).resolves.toBe('parked');
    const [name, data, opts] = (t.queue.add as jest.Mock).mock.calls[0];
    expect(name).toBe('upsert');
    expect(data).toMatchObject({ localKey: 'a@x.io', parkedFrom: '1:contacts:a@x.io:3' });
    expect(opts.delay).toBeGreaterThan(3_500_000);
    expect(t.store.handoff).toHaveBeenCalledWith(
      expect.objectContaining({ localKey: 'a@x.io' }),
      '1:contacts:a@x.io:3',
      opts.jobId,
    );
  });
});
