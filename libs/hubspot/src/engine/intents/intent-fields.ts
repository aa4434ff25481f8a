import { LANES } from '../../http/hubspot-request.types';
import { PropertyValue } from '../../model/property-value';
import { ClaimedRecord, RecordFields } from '../dispatch/dispatch.types';
import { DEAD_LETTER_MARK, markedIds, markIds, OUTBOX_MARK } from '../dispatch/record-marks';
import { ClaimedIntent, SyncIntent } from './sync-intent.types';

/** The dispatcher key of a record: `<objectType>|<localKey>` (one record per portal). */
export function intentKey(ref: { objectType: string; localKey: string }): string {
  return `${ref.objectType}|${ref.localKey}`;
}

/**
 * An intent as staged fields: each property its own field (so repeats merge property by property, newest
 * value first), meta fields for the identity, and one field per dead letter it replays and per outbox row it
 * carries.
 */
export function intentFields(intent: SyncIntent): RecordFields {
  const fields: RecordFields = {
    'm:ot': intent.objectType,
    'm:lk': intent.localKey,
    'm:idp': intent.idProperty,
    'm:id': intent.id,
  };
  for (const [name, value] of Object.entries(intent.properties)) fields[`p:${name}`] = JSON.stringify(value);
  return {
    ...fields,
    ...markIds(DEAD_LETTER_MARK, intent.deadLetterIds),
    ...markIds(OUTBOX_MARK, intent.outboxIds),
  };
}

/** The merged intent a batch claimed. */
export function claimedIntent(portalId: number, record: ClaimedRecord): ClaimedIntent {
  const f = record.fields;
  const properties: Record<string, PropertyValue> = {};
  for (const [field, value] of Object.entries(f)) {
    if (field.startsWith('p:')) properties[field.slice(2)] = JSON.parse(value) as PropertyValue;
  }
  return {
    portalId,
    objectType: f['m:ot'],
    localKey: f['m:lk'],
    idProperty: f['m:idp'],
    id: f['m:id'],
    lane: LANES[Number(f['m:lane'] ?? 1) - 1] ?? 'live',
    properties,
    deadLetterIds: markedIds(f, DEAD_LETTER_MARK),
    outboxIds: markedIds(f, OUTBOX_MARK),
    firstEnqueuedAt: Number(f['m:first'] ?? Date.now()),
    attempts: record.attempts,
    dispatchId: record.member,
  };
}
