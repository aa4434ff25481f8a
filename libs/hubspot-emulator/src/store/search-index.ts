import { SearchView, StoredObject } from './type-store';

/**
 * Search is eventually consistent: with an indexing delay, writes become visible to search only after
 * `delayMs`. Call `beforeWrite` before mutating a record and `afterWrite` after.
 */
export function beforeWrite(obj: StoredObject, delayMs: number, isNew: boolean): void {
  if (delayMs <= 0) return;
  if (isNew) obj.searchView = null;
  else if (obj.searchView === undefined) obj.searchView = snapshot(obj);
}

export function afterWrite(obj: StoredObject, delayMs: number, now: number): void {
  if (delayMs <= 0) {
    obj.searchView = undefined;
    obj.pendingIndex = undefined;
    return;
  }
  (obj.pendingIndex ??= []).push({ at: now + delayMs, view: snapshot(obj) });
}

/** What search sees now, or null when the record is not indexed yet. */
export function searchView(obj: StoredObject, now: number): SearchView | null {
  const pending = obj.pendingIndex;
  if (pending) {
    while (pending.length > 0 && pending[0].at <= now) obj.searchView = pending.shift()!.view;
    if (pending.length === 0) obj.pendingIndex = undefined;
  }
  if (obj.searchView === undefined)
    return { properties: obj.properties, archived: obj.archived, updatedAt: obj.updatedAt };
  return obj.searchView;
}

function snapshot(obj: StoredObject): SearchView {
  return { properties: { ...obj.properties }, archived: obj.archived, updatedAt: obj.updatedAt };
}
