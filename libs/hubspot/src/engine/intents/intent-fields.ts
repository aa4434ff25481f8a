import { LANES } from '../../http/hubspot-request.types';
import { PropertyValue } from '../../model/property-value';
import { ClaimedRecord, RecordFields } from '../dispatch/dispatch.types';
import { ClaimedIntent, SyncIntent } from './sync-intent.types';

/** The dispatcher key of a record: `<objectType>|<localKey>` (one record per portal). */
export function intentKey(ref: { objectType: string; localKey: string }): string {
  return `${ref.objectType}|${ref.localKey}`;
}

/**
 * An intent as staged fields: each property its own field (so repeats merge property by property, newest
 * value first), meta fields for the identity, and one field per dead letter it replays.
 */
export function intentFields(intent: SyncIntent): RecordFields {
  const fields: RecordFields = {
    'm:ot': intent.objectType,
    'm:lk': intent.localKey,
    'm:idp': intent.idProperty,
    'm:id': intent.id,
  };
  for (const [name, value] of Object.entries(intent.properties)) fields[`p:${name}`] = JSON.stringify(value);
  for (const id of intent.deadLetterIds ?? []) fields[`m:dl:${id}`] = '1';
  return fields;
}

/** The merged intent a batch claimed. */
export function claimedIntent(portalId: number, record: ClaimedRecord): ClaimedIntent {
  const f = record.fields;
  const properties: Record<string, PropertyValue> = {};
  const deadLetterIds: number[] = [];
  for (const [field, value] of Object.entries(f)) {
    if (field.startsWith('p:')) properties[field.slice(2)] = JSON.parse(value) as PropertyValue;
    else if (field.startsWith('m:dl:')) deadLetterIds.push(Number(field.slice(5)));
  }
  return {
    portalId,
    objectType: f['m:ot'],
    localKey: f['m:lk'],
    idProperty: f['m:idp'],
    id: f['m:id'],
    lane: LANES[Number(f['m:lane'] ?? 1) - 1] ?? 'live',
    properties,
    deadLetterIds,
    firstEnqueuedAt: Number(f['m:first'] ?? Date.now()),
    attempts: record.attempts,
    dispatchId: record.member,
  };
}
