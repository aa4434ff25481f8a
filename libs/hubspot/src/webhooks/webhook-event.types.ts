/** CRM objects HubSpot sends webhook events for. */
export type HubspotWebhookObject = 'contact' | 'company' | 'deal' | 'ticket' | 'product' | 'line_item';

/** What happened to the object. */
export type HubspotWebhookAction =
  'creation' | 'deletion' | 'propertyChange' | 'associationChange' | 'merge' | 'restore';

/** Every subscription type HubSpot delivers (`eventType` in older payloads). */
export type HubspotSubscriptionType =
  | `${HubspotWebhookObject}.${HubspotWebhookAction}`
  | 'contact.privacyDeletion'
  | `object.${HubspotWebhookAction}`
  | 'conversation.creation'
  | 'conversation.deletion'
  | 'conversation.privacyDeletion'
  | 'conversation.propertyChange'
  | 'conversation.newMessage';

/** What a handler subscribes to: one type, every event of one object (`contact.*`), or everything (`*`). */
export type HubspotWebhookSubscription =
  HubspotSubscriptionType | `${HubspotWebhookObject}.*` | 'object.*' | '*';

/** One event of a HubSpot webhook delivery, as HubSpot sends it (subscriptionType always set). */
export interface HubspotWebhookEvent {
  /** Not unique: HubSpot reuses it across events. */
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId?: number;
  /** Epoch milliseconds. */
  occurredAt: number;
  subscriptionType: HubspotSubscriptionType;
  attemptNumber?: number;
  objectId?: number;
  /** Generic `object.*` events name the object type by id (e.g. '0-1', '2-123'). */
  objectTypeId?: string;
  changeSource?: string;
  sourceId?: string;
  changeFlag?: string;
  propertyName?: string;
  propertyValue?: string;
  associationType?: string;
  fromObjectId?: number;
  toObjectId?: number;
  associationRemoved?: boolean;
  isPrimaryAssociation?: boolean;
  associationCategory?: string;
  associationTypeId?: number;
  primaryObjectId?: number;
  mergedObjectIds?: number[];
  newObjectId?: number;
  numberOfPropertiesMoved?: number;
  messageId?: string;
  messageType?: string;
}

/** Lifecycle of a stored event. */
export type WebhookEventStatus = 'pending' | 'done' | 'skipped' | 'echo' | 'failed';

/** Second argument of every webhook handler. */
export interface WebhookHandlerContext {
  /** Row id in hubspot_webhook_events. */
  id: string;
  dedupeKey: string;
  /** 1 on the first try, then increments on each retry. */
  attempt: number;
  /** The change was made by this app (changeSource INTEGRATION/API with our sourceId). */
  echo: boolean;
}
