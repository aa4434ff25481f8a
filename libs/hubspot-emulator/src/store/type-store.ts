import { ObjectTypeDef } from './object-types';

export type PropertyValues = Record<string, string>;

export interface SearchView {
  properties: PropertyValues;
  archived: boolean;
  updatedAt: number;
}

/** One version of a property value, as property history keeps it. */
export interface HistoryEntry {
  value: string;
  timestamp: number;
  sourceType: string;
  sourceId?: string;
  updatedByUserId?: number;
}

export interface StoredObject {
  id: string;
  properties: PropertyValues;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
  /** What search currently sees (search is eventually consistent). */
  searchView?: SearchView | null;
  /** Snapshots waiting for the indexing delay to pass, oldest first. */
  pendingIndex?: Array<{ at: number; view: SearchView }>;
  /** Versions of each property written through the emulator, oldest first. */
  history?: Record<string, HistoryEntry[]>;
}

/** Records of one object type in one portal, with an id index and unique-value indexes. */
export class TypeStore {
  readonly byId = new Map<string, StoredObject>();
  /** Numeric ids in creation order (ascending), for `after` paging. */
  private readonly order: number[] = [];
  private readonly unique = new Map<string, Map<string, string>>();

  constructor(readonly type: ObjectTypeDef) {}

  get(id: string): StoredObject | undefined {
    return this.byId.get(id);
  }

  insert(obj: StoredObject): void {
    this.byId.set(obj.id, obj);
    this.order.push(Number(obj.id));
  }

  /** Active record holding `value` in a unique property (email is case-insensitive). */
  findUnique(prop: string, value: string): StoredObject | undefined {
    if (prop === 'hs_object_id') {
      const obj = this.byId.get(value);
      return obj && !obj.archived ? obj : undefined;
    }
    const id = this.index(prop).get(normalizeKey(prop, value));
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Keeps unique indexes in step with a property change of an active record. */
  reindex(obj: StoredObject, prop: string, before: string | undefined, after: string | undefined): void {
    const idx = this.unique.get(prop);
    if (!idx) return;
    if (before) {
      const key = normalizeKey(prop, before);
      if (idx.get(key) === obj.id) idx.delete(key);
    }
    if (after) idx.set(normalizeKey(prop, after), obj.id);
  }

  dropFromIndexes(obj: StoredObject): void {
    for (const [prop, idx] of this.unique) {
      const v = obj.properties[prop];
      if (v && idx.get(normalizeKey(prop, v)) === obj.id) idx.delete(normalizeKey(prop, v));
    }
  }

  addToIndexes(obj: StoredObject): void {
    for (const [prop, idx] of this.unique) {
      const v = obj.properties[prop];
      if (v) idx.set(normalizeKey(prop, v), obj.id);
    }
  }

  /** Records with id >= after (numeric), in id order. */
  page(
    after: string | undefined,
    limit: number,
    archived: boolean,
  ): { items: StoredObject[]; next?: string } {
    const start = after ? lowerBound(this.order, Number(after)) : 0;
    const items: StoredObject[] = [];
    for (let i = start; i < this.order.length; i++) {
      const obj = this.byId.get(String(this.order[i]));
      if (!obj || obj.archived !== archived) continue;
      if (items.length === limit) return { items, next: obj.id };
      items.push(obj);
    }
    return { items };
  }

  all(): StoredObject[] {
    return [...this.byId.values()];
  }

  private index(prop: string): Map<string, string> {
    let idx = this.unique.get(prop);
    if (!idx) {
      idx = new Map();
      for (const obj of this.byId.values()) {
        const v = obj.properties[prop];
        if (!obj.archived && v) idx.set(normalizeKey(prop, v), obj.id);
      }
      this.unique.set(prop, idx);
    }
    return idx;
  }
}

function normalizeKey(prop: string, value: string): string {
  return prop === 'email' ? value.trim().toLowerCase() : value;
}

function lowerBound(arr: number[], target: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
