import { ChangeEvent } from '../core/change-events';

export type WebhookEvent = Record<string, unknown> & {
  eventId: number;
  subscriptionType: string;
  portalId: number;
};

const CHANGE_FLAGS: Record<string, string> = {
  creation: 'CREATED',
  deletion: 'DELETED',
  merge: 'MERGED',
  restore: 'RESTORED',
};
const subscriptionIds = new Map<string, number>();
let nextEventId = 100 + Math.floor(Math.random() * 1000);

function subscriptionId(type: string): number {
  let id = subscriptionIds.get(type);
  if (id === undefined) {
    id = 1_000_000 + subscriptionIds.size + 1;
    subscriptionIds.set(type, id);
  }
  return id;
}

/** HubSpot's webhook event JSON for one change (attemptNumber is added per delivery attempt). */
export function toWebhookEvent(e: ChangeEvent, appId: number): WebhookEvent {
  const subscriptionType = `${e.subject}.${e.kind}`;
  const out: WebhookEvent = {
    eventId: nextEventId++,
    subscriptionId: subscriptionId(subscriptionType),
    portalId: e.portalId,
    appId,
    occurredAt: e.occurredAt,
    subscriptionType,
  };
  if (e.subject === 'object') out.objectTypeId = e.objectTypeId;
  if (e.kind !== 'associationChange') out.objectId = Number(e.objectId);
  if (e.kind === 'propertyChange') {
    out.propertyName = e.propertyName;
    out.propertyValue = e.propertyValue;
  }
  out.changeSource = e.source.changeSource;
  if (e.source.sourceId) out.sourceId = e.source.sourceId;
  const flag = CHANGE_FLAGS[e.kind];
  if (flag) out.changeFlag = flag;
  const { changeFlag: _ignored, ...extra } = e.extra ?? {};
  return { ...out, ...extra };
}
