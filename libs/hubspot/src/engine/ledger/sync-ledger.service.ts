import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { HubspotObjectMap } from './hubspot-object-map.entity';

export interface LedgerWrite {
  portalId: number;
  objectType: string;
  localKey: string;
  hubspotId: string;
  /** Omit to keep the stored hash (e.g. a repair that only learned the id). */
  contentHash?: string | null;
}

/** Reads and writes `hubspot_object_map`: local key -> HubSpot id and hash of the content last accepted. */
@Injectable()
export class SyncLedgerService {
  constructor(@InjectRepository(HubspotObjectMap) private readonly repo: Repository<HubspotObjectMap>) {}

  async find(portalId: number, objectType: string, localKey: string): Promise<HubspotObjectMap | null> {
    return this.repo.findOne({ where: { portalId, objectType, localKey } });
  }

  /** Rows for these keys, by local key (one query per 500 keys). */
  async findMany(
    portalId: number,
    objectType: string,
    localKeys: string[],
  ): Promise<Map<string, HubspotObjectMap>> {
    const out = new Map<string, HubspotObjectMap>();
    const unique = [...new Set(localKeys)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.repo.find({
        where: { portalId, objectType, localKey: In(unique.slice(i, i + 500)) },
      });
      for (const row of rows) out.set(row.localKey, row);
    }
    return out;
  }

  async hubspotId(portalId: number, objectType: string, localKey: string): Promise<string | null> {
    return (await this.find(portalId, objectType, localKey))?.hubspotId ?? null;
  }

  async findByHubspotId(
    portalId: number,
    objectType: string,
    hubspotId: string,
  ): Promise<HubspotObjectMap[]> {
    return this.repo.find({ where: { portalId, objectType, hubspotId } });
  }

  /** Insert-or-update in one statement per call (MySQL ON DUPLICATE KEY UPDATE). */
  async record(writes: LedgerWrite[]): Promise<void> {
    if (!writes.length) return;
    const now = new Date();
    const withHash = writes.filter((w) => w.contentHash !== undefined);
    const idOnly = writes.filter((w) => w.contentHash === undefined);
    const upsert = (rows: LedgerWrite[], columns: string[]) =>
      rows.length
        ? this.repo
            .createQueryBuilder()
            .insert()
            .into(HubspotObjectMap)
            .values(rows.map((w) => ({ ...w, lastSyncedAt: now })))
            .orUpdate(columns, ['portal_id', 'object_type', 'local_key'])
            .execute()
        : undefined;
    await upsert(dedupeLast(withHash), ['hubspot_id', 'content_hash', 'last_synced_at']);
    await upsert(dedupeLast(idOnly), ['hubspot_id', 'last_synced_at']);
  }

  /**
   * Takes the key for a non-idempotent create: true if this caller inserted the claim row, false if a row
   * (claimed or completed) already exists.
   */
  async claim(portalId: number, objectType: string, localKey: string): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .insert()
      .into(HubspotObjectMap)
      .values({ portalId, objectType, localKey, hubspotId: null, contentHash: null, lastSyncedAt: null })
      .orIgnore()
      .execute();
    const affected = (result.raw as { affectedRows?: number } | undefined)?.affectedRows;
    return affected === 1;
  }

  /** Drops a claim whose create failed, so the next call can try again. */
  async releaseClaim(portalId: number, objectType: string, localKey: string): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .delete()
      .where('portal_id = :portalId AND object_type = :objectType AND local_key = :localKey', {
        portalId,
        objectType,
        localKey,
      })
      .andWhere('hubspot_id IS NULL')
      .execute();
  }

  /** Forgets keys (GDPR erasure): the HubSpot record is gone, so must be the mapping. */
  async forget(portalId: number, objectType: string, localKeys: string[]): Promise<void> {
    if (!localKeys.length) return;
    await this.repo.delete({ portalId, objectType, localKey: In(localKeys) });
  }

  /** Drops the stored hash so the next write of this key is sent even if unchanged (replays, drift). */
  async invalidate(portalId: number, objectType: string, localKeys: string[]): Promise<void> {
    if (!localKeys.length) return;
    await this.repo.update({ portalId, objectType, localKey: In(localKeys) }, { contentHash: null });
  }
}

function dedupeLast(writes: LedgerWrite[]): LedgerWrite[] {
  const byKey = new Map<string, LedgerWrite>();
  for (const w of writes) byKey.set(`${w.portalId}\u0000${w.objectType}\u0000${w.localKey}`, w);
  return [...byKey.values()];
}
