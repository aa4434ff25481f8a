import { OwnerInput } from '../emulator.options';

export interface StoredOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  type: 'PERSON' | 'QUEUE';
  archived: boolean;
  teams: Array<{ id: string; name: string; primary: boolean }>;
  createdAt: number;
  updatedAt: number;
}

/** The owner every portal has when none are configured: the account's first user (user id 1). */
export const DEFAULT_OWNER: OwnerInput = {
  id: '10000001',
  email: 'owner@emulator.example',
  firstName: 'Emulator',
  lastName: 'Owner',
  userId: 1,
};

/** The users of a HubSpot account that records can be assigned to (`hubspot_owner_id`). */
export class OwnerStore {
  private readonly byId = new Map<string, StoredOwner>();
  private nextId = 10_000_002;
  private nextUserId = 2;

  /** Adds an owner, or updates the one with the same id (or email when no id is given). */
  upsert(input: OwnerInput, now: number): StoredOwner {
    if (!input || typeof input.email !== 'string' || !input.email.includes('@'))
      throw new Error('an owner needs an email');
    const existing =
      (input.id !== undefined ? this.byId.get(String(input.id)) : undefined) ??
      (input.id === undefined ? this.byEmail(input.email, true) : undefined);
    if (input.id !== undefined && !/^\d+$/.test(String(input.id)))
      throw new Error(`owner id must be digits, got ${String(input.id)}`);
    const id = existing?.id ?? String(input.id ?? this.nextId++);
    if (Number(id) >= this.nextId) this.nextId = Number(id) + 1;
    const userId = input.userId ?? existing?.userId ?? this.nextUserId++;
    if (userId >= this.nextUserId) this.nextUserId = userId + 1;
    const owner: StoredOwner = {
      id,
      email: input.email.trim().toLowerCase(),
      firstName: input.firstName ?? existing?.firstName ?? '',
      lastName: input.lastName ?? existing?.lastName ?? '',
      userId,
      type: input.type ?? existing?.type ?? 'PERSON',
      archived: input.archived ?? existing?.archived ?? false,
      teams: input.teams ?? existing?.teams ?? [],
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    this.byId.set(id, owner);
    return owner;
  }

  get(id: string): StoredOwner | undefined {
    return this.byId.get(id);
  }

  byUserId(userId: number): StoredOwner | undefined {
    return this.list(undefined).find((o) => o.userId === userId);
  }

  byEmail(email: string, includeArchived = false): StoredOwner | undefined {
    const e = email.trim().toLowerCase();
    return this.list(includeArchived ? undefined : false).find((o) => o.email === e);
  }

  /** Owners by ascending numeric id; `archived` undefined = all. */
  list(archived: boolean | undefined): StoredOwner[] {
    return [...this.byId.values()]
      .filter((o) => archived === undefined || o.archived === archived)
      .sort((a, b) => Number(a.id) - Number(b.id));
  }
}

/** HubSpot's owner JSON. */
export function toApiOwner(o: StoredOwner): Record<string, unknown> {
  return {
    id: o.id,
    email: o.email,
    type: o.type,
    firstName: o.firstName,
    lastName: o.lastName,
    userId: o.userId,
    userIdIncludingInactive: o.userId,
    createdAt: new Date(o.createdAt).toISOString(),
    updatedAt: new Date(o.updatedAt).toISOString(),
    archived: o.archived,
    ...(o.teams.length > 0 ? { teams: o.teams } : {}),
  };
}
