import { RecordFields } from './dispatch.types';

/** Field prefix of the dead letters a record replays (resolved once HubSpot accepts it). */
export const DEAD_LETTER_MARK = 'm:dl:';
/** Field prefix of the outbox rows a record carries (settled before its claim is let go). */
export const OUTBOX_MARK = 'm:ob:';

/** The fields that mark each id with `prefix`. */
export function markIds(prefix: string, ids: readonly number[] | undefined): RecordFields {
  return Object.fromEntries((ids ?? []).map((id) => [`${prefix}${id}`, '1']));
}

/** The ids a record's fields mark with `prefix`. */
export function markedIds(fields: RecordFields, prefix: string): number[] {
  return Object.keys(fields)
    .filter((field) => field.startsWith(prefix))
    .map((field) => Number(field.slice(prefix.length)));
}
