export interface StoredList {
  listId: string;
  name: string;
  objectTypeId: string;
  processingType: string;
  createdAt: number;
  updatedAt: number;
  listVersion: number;
  members: Map<string, number>;
}

/** Lists v3: definitions plus memberships of MANUAL (static) lists. */
export class ListStore {
  private nextId = 1;
  private readonly lists = new Map<string, StoredList>();

  create(name: string, objectTypeId: string, processingType: string, now: number): StoredList {
    const list: StoredList = {
      listId: String(this.nextId++),
      name,
      objectTypeId,
      processingType,
      createdAt: now,
      updatedAt: now,
      listVersion: 1,
      members: new Map(),
    };
    this.lists.set(list.listId, list);
    return list;
  }

  get(listId: string): StoredList | undefined {
    return this.lists.get(listId);
  }

  byName(objectTypeId: string, name: string): StoredList | undefined {
    for (const list of this.lists.values()) {
      if (list.objectTypeId === objectTypeId && list.name.toLowerCase() === name.toLowerCase()) return list;
    }
    return undefined;
  }

  all(): StoredList[] {
    return [...this.lists.values()];
  }

  remove(listId: string): boolean {
    return this.lists.delete(listId);
  }
}

export function toApiList(list: StoredList): Record<string, unknown> {
  return {
    listId: list.listId,
    listVersion: list.listVersion,
    name: list.name,
    objectTypeId: list.objectTypeId,
    processingType: list.processingType,
    processingStatus: 'COMPLETE',
    createdAt: new Date(list.createdAt).toISOString(),
    updatedAt: new Date(list.updatedAt).toISOString(),
    size: list.members.size,
    filtersUpdatedAt: new Date(list.createdAt).toISOString(),
  };
}
