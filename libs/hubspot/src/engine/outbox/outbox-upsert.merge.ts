import { Lane, LANES } from '../../http/hubspot-request.types';
import { SyncIntent } from '../intents/sync-intent.types';
import { OutboxRecord } from './outbox.types';

/**
 * One record's outbox rows as the one intent to stage: properties merged oldest to newest (the newest value
 * of each wins), the newest identity, the most urgent lane, every row id (settled together), the newest row
 * as sequence (an older relay never overwrites it) and the oldest row's time (latency from the commit).
 */
export function mergeUpsertRows(record: OutboxRecord): SyncIntent {
  const intents = record.rows.map((row) => row.payload as SyncIntent);
  const newest = intents[intents.length - 1];
  const lanes = intents.map((intent) => LANES.indexOf(intent.lane ?? 'live'));
  return {
    portalId: record.portalId,
    objectType: record.objectType,
    localKey: record.localKey,
    idProperty: newest.idProperty,
    id: newest.id,
    properties: Object.assign({}, ...intents.map((intent) => intent.properties)) as SyncIntent['properties'],
    lane: LANES[Math.min(...lanes.map((i) => (i < 0 ? 0 : i)))] as Lane,
    outboxIds: record.rows.map((row) => row.id),
    outboxSeq: Math.max(...record.rows.map((row) => row.id)),
    since: Math.min(...record.rows.map((row) => row.createdAt.getTime())),
  };
}
