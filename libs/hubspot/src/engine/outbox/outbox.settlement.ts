import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { HubspotOutbox } from './hubspot-outbox.entity';
import { outboxRecordHash } from './outbox.writer';
import { OutboxEntry } from './outbox.types';

const CHUNK = 5_000;

/**
 * The end of an outbox row: the pipeline that carried it calls `settle` once its delivery is settled (HubSpot
 * accepted it, or it was dead-lettered with HubSpot's reason), before it lets go of the intent in Redis. Until
 * then the row stays, and the relay hands it over again if Redis loses it.
 */
@Injectable()
export class OutboxSettlement {
  constructor(@InjectRepository(HubspotOutbox) private readonly repo: Repository<HubspotOutbox>) {}

  async settle(ids: readonly number[] | undefined): Promise<void> {
    const unique = [...new Set(ids ?? [])];
    for (let i = 0; i < unique.length; i += CHUNK)
      await this.repo.delete({ id: In(unique.slice(i, i + CHUNK).map(String)) });
  }

  /** Drops every committed row of one record without sending it (GDPR erasure: nothing may recreate it). */
  async discard(record: Pick<OutboxEntry, 'kind' | 'portalId' | 'objectType' | 'localKey'>): Promise<void> {
    await this.repo.delete({ recordHash: outboxRecordHash(record) });
  }
}
