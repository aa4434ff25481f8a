import { SyncIntent } from '../intents/sync-intent.types';
import { mergeUpsertRows } from './outbox-upsert.merge';
import { OutboxRecord } from './outbox.types';

const intent = (properties: SyncIntent['properties'], extra: Partial<SyncIntent> = {}): SyncIntent => ({
  portalId: 7,
  objectType: 'contacts',
  idProperty: 'email',
  id: 'ada@example.com',
  localKey: 'ada@example.com',
  properties,
  lane: 'live',
  ...extra,
});

const record = (...payloads: SyncIntent[]): OutboxRecord => ({
  kind: 'upsert',
  portalId: 7,
  objectType: 'contacts',
  localKey: 'ada@example.com',
  rows: payloads.map((payload, i) => ({
    id: 40 + i,
    payload,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  })),
});

describe('mergeUpsertRows', () => {
  it('merges a record’s rows oldest to newest: the newest value of each property wins, others are kept', () => {
    const merged = mergeUpsertRows(
      record(
        intent({ plan: 'free', firstname: 'Ada' }),
        intent({ plan: 'pro' }),
        intent({ churned: true, churn_date: '2026-01-02' }),
      ),
    );
    expect(merged.properties).toEqual({
      plan: 'pro',
      firstname: 'Ada',
      churned: true,
      churn_date: '2026-01-02',
    });
  });

  it('carries every row id, the newest as sequence, and the oldest row’s time', () => {
    const merged = mergeUpsertRows(record(intent({ plan: 'free' }), intent({ plan: 'pro' })));
    expect(merged).toMatchObject({
      portalId: 7,
      objectType: 'contacts',
      localKey: 'ada@example.com',
      outboxIds: [40, 41],
      outboxSeq: 41,
      since: Date.UTC(2026, 0, 1, 0, 0, 0),
    });
  });

  it('takes the newest identity and the most urgent lane', () => {
    const merged = mergeUpsertRows(
      record(
        intent({ plan: 'free' }, { lane: 'backfill', idProperty: 'app_user_id', id: '12' }),
        intent({ plan: 'pro' }, { lane: 'reconcile', idProperty: 'email', id: 'ada@example.com' }),
      ),
    );
    expect(merged).toMatchObject({ idProperty: 'email', id: 'ada@example.com', lane: 'reconcile' });
    const live = mergeUpsertRows(record(intent({}, { lane: 'backfill' }), intent({}, { lane: 'live' })));
    expect(live.lane).toBe('live');
  });
});
