import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bull';
import { TokenProvider } from '../../http/token-provider';
import { HubspotConfig } from '../../config/hubspot.config';
import { ReconciliationScheduler } from './reconciliation.scheduler';
import { ReconciliationService } from './reconciliation.service';

function scheduler(cron: string, add = jest.fn().mockResolvedValue(undefined), portals = [7, 9]) {
  const config = { reconciliation: { cron }, limits: { portalTimeZone: 'UTC' }, sync: { worker: true } };
  const tokens = { portalIds: async () => portals } as unknown as TokenProvider;
  return new ReconciliationScheduler(
    config as unknown as HubspotConfig,
    { add } as unknown as Queue,
    tokens,
    {} as ReconciliationService,
    {} as ModuleRef,
  );
}

describe('ReconciliationScheduler', () => {
  const at = (iso: string) => Date.parse(iso);

  it('derives the same slot for every pod ticking the same occurrence, late or slightly early', () => {
    const s = scheduler('0 */5 * * * *');
    const slot = at('2026-01-01T10:05:00.000Z');
    for (const now of ['10:05:00.000', '10:05:00.004', '10:05:00.900', '10:05:31.000', '10:04:59.995']) {
      expect(s.slotOf(at(`2026-01-01T${now}Z`))).toBe(slot);
    }
    expect(s.slotOf(at('2026-01-01T10:10:00.010Z'))).toBe(at('2026-01-01T10:10:00.000Z'));
  });

  it('works for every-second crons', () => {
    const s = scheduler('* * * * * *');
    expect(s.slotOf(at('2026-01-01T10:00:07.120Z'))).toBe(at('2026-01-01T10:00:07.000Z'));
  });

  it('enqueues one job per portal with a slot-derived id, so duplicate ticks collapse', async () => {
    const add = jest.fn().mockResolvedValue(undefined);
    const s = scheduler('0 0 3 * * *', add);
    await s.tick(at('2026-01-01T03:00:00.050Z'));
    await s.tick(at('2026-01-01T03:00:00.300Z'));
    const slot = at('2026-01-01T03:00:00.000Z');
    const ids = add.mock.calls.map((c) => c[2].jobId);
    expect(ids).toEqual([
      `reconcile-slot-7-${slot}`,
      `reconcile-slot-9-${slot}`,
      `reconcile-slot-7-${slot}`,
      `reconcile-slot-9-${slot}`,
    ]);
    expect(add.mock.calls[0][1]).toEqual({ portalId: 7, slot });
  });
});
