import { Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { EventEmitter } from 'node:events';
import { HubspotConfig } from '../../config/hubspot.config';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { OutboxEpochTracker } from './outbox-epoch.tracker';
import { OutboxWakeup } from './outbox-wakeup.signal';
import { OutboxRelay } from './outbox.relay';
import { OutboxStore } from './outbox.store';
import { OutboxRecord } from './outbox.types';

const record = (kind: OutboxRecord['kind'], id: number): OutboxRecord => ({
  kind,
  portalId: 1,
  objectType: 'contacts',
  localKey: `k${id}`,
  rows: [{ id, payload: {}, createdAt: new Date() }],
});

function setup() {
  // The module's Redis connection and the sales queue's: one server, one status.
  const client = Object.assign(new EventEmitter(), { status: 'ready' });
  const sales = { client } as unknown as Queue;
  const config = {
    outbox: { relay: true, batchSize: 2, maxPollMs: 50, redeliverAfterMs: 600_000 },
  } as HubspotConfig;
  const due: OutboxRecord[][] = [];
  const store = {
    requeueStale: jest.fn(async () => 0),
    relayDue: jest.fn(async (_limit: number, _epoch: string, relay: (r: OutboxRecord[]) => Promise<void>) => {
      const batch = due.shift();
      if (!batch) return 0;
      await relay(batch);
      return batch.length;
    }),
  } as unknown as OutboxStore;
  const epochs = { current: jest.fn(async () => 'epoch-1') } as unknown as OutboxEpochTracker;
  let wake: () => void = () => undefined;
  const wakeup = { listen: (listener: () => void) => (wake = listener) } as unknown as OutboxWakeup;
  const relay = new OutboxRelay(config, client as unknown as HubspotRedis, sales, store, epochs, wakeup);
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  return { relay, client, store, due, warn, log, error, wake: () => wake() };
}

const eventually = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('OutboxRelay', () => {
  afterEach(() => jest.restoreAllMocks());

  it('hands claimed records to the dispatcher of their kind, into the current epoch', async () => {
    const t = setup();
    const upserts: string[] = [];
    const sales: string[] = [];
    t.relay.register('upsert', async (records) => void upserts.push(...records.map((r) => r.localKey)));
    t.relay.register('sale', async (records) => void sales.push(...records.map((r) => r.localKey)));
    t.due.push([record('upsert', 1), record('sale', 2)], [record('upsert', 3)]);
    t.relay.onApplicationBootstrap();
    await eventually(() => t.relay.state.relayedRows === 3);
    await t.relay.beforeApplicationShutdown();
    expect(upserts).toEqual(['k1', 'k3']);
    expect(sales).toEqual(['k2']);
    expect((t.store.relayDue as jest.Mock).mock.calls[0].slice(0, 2)).toEqual([2, 'epoch-1']);
  });

  it('while Redis is away: backs off without claiming, says so once, and resumes when it is back', async () => {
    const t = setup();
    t.relay.register('upsert', async () => undefined);
    t.client.status = 'reconnecting';
    t.relay.onApplicationBootstrap();
    t.client.emit('close');
    for (let i = 0; i < 5; i++) {
      t.wake();
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(t.relay.state.paused).toBe(true);
    expect(t.store.relayDue).not.toHaveBeenCalled();
    expect(t.warn).toHaveBeenCalledTimes(1);
    expect(t.warn.mock.calls[0][0]).toMatch(/Outbox relay paused: Redis connection lost/);

    t.due.push([record('upsert', 1)]);
    t.client.status = 'ready';
    t.client.emit('ready');
    await eventually(() => t.relay.state.relayedRows === 1);
    await t.relay.beforeApplicationShutdown();
    expect(t.relay.state.paused).toBe(false);
    expect(t.warn).toHaveBeenCalledTimes(1);
    expect(t.log.mock.calls.filter(([m]) => /Outbox relay resumed/.test(String(m)))).toHaveLength(1);
  });

  it('leaves records of a kind it cannot send to another instance, and relays the rest', async () => {
    const t = setup();
    const sent: string[] = [];
    t.relay.register('upsert', async (records) => void sent.push(...records.map((r) => r.localKey)));
    t.due.push([record('associate', 1), record('upsert', 2)]);
    t.relay.onApplicationBootstrap();
    await eventually(() => t.relay.state.relayedRows === 2);
    await t.relay.beforeApplicationShutdown();
    expect(sent).toEqual(['k2']);
    expect(t.error).toHaveBeenCalledWith(expect.stringContaining("No outbox dispatcher for 'associate'"));
  });

  it('does nothing in a process that does not relay', async () => {
    const t = setup();
    (t.relay as unknown as { config: HubspotConfig }).config.outbox.relay = false;
    t.relay.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 50));
    await t.relay.beforeApplicationShutdown();
    expect(t.store.relayDue).not.toHaveBeenCalled();
    expect(t.relay.state.running).toBe(false);
  });
});
