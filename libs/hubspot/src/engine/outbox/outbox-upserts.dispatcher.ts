import { Injectable, OnModuleInit } from '@nestjs/common';
import { SyncIntentQueue } from '../intents/sync-intent.queue';
import { mergeUpsertRows } from './outbox-upsert.merge';
import { OutboxRelay } from './outbox.relay';

/**
 * Relays outbox upserts (contacts, companies, any object type) into the coalescing sync queue: one merged
 * intent per record. The sync worker settles the rows when HubSpot accepted them or they were dead-lettered.
 */
@Injectable()
export class OutboxUpsertsDispatcher implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly intents: SyncIntentQueue,
  ) {}

  onModuleInit(): void {
    this.relay.register('upsert', async (records) => {
      await Promise.all(records.map((record) => this.intents.enqueue(mergeUpsertRows(record))));
    });
  }
}
