import { createHash } from 'node:crypto';
import { HubspotWebhookEvent } from './webhook-event.types';

/** The object an event is about: its events are handled one at a time, in occurredAt order. */
export interface WebhookObjectRef {
  objectType: string;
  objectId: number;
  /** `portalId:objectType:objectId`, the ordering and locking unit. */
  objectKey: string;
}

export function webhookObjectRef(event: HubspotWebhookEvent): WebhookObjectRef {
  const [prefix] = event.subscriptionType.split('.');
  const objectType = prefix === 'object' && event.objectTypeId ? event.objectTypeId : prefix;
  const objectId = Number(event.objectId ?? event.fromObjectId ?? 0);
  return { objectType, objectId, objectKey: `${event.portalId}:${objectType}:${objectId}` };
}

/**
 * sha256 over what identifies one change. eventId is not unique and attemptNumber / subscriptionId
 * differ between deliveries of the same change, so neither takes part.
 */
export function webhookDedupeKey(event: HubspotWebhookEvent): string {
  const parts = [
    event.portalId,
    event.subscriptionType,
    event.objectTypeId ?? null,
    event.objectId ?? null,
    event.propertyName ?? null,
    event.propertyValue === undefined || event.propertyValue === null ? null : String(event.propertyValue),
    event.occurredAt,
    event.changeFlag ?? null,
    event.associationType ?? null,
    event.associationCategory ?? null,
    event.associationTypeId ?? null,
    event.fromObjectId ?? null,
    event.toObjectId ?? null,
    event.associationRemoved ?? null,
    event.primaryObjectId ?? null,
    event.mergedObjectIds ? [...event.mergedObjectIds].sort((a, b) => a - b) : null,
    event.newObjectId ?? null,
    event.messageId ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
