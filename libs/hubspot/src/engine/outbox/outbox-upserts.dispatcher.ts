import { Injectable, OnModuleInit } from '@nestjs/common';
import { SyncIntentQueue } from '../intents/sync-intent.queue';
import { mergeUpsertRows } from './outbox-upsert.merge';
import { OutboxRelay } from './outbox.relay';

/**
 * Relays outbox upserts (contacts, companies, any object type) into their portal's dispatch queue: one merged
 * intent per record, its rows and newest row id along (the stage ignores it when newer rows were staged). The
 * dispatcher settles the rows when HubSpot accepted the record, already had it, or it was dead-lettered.
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
