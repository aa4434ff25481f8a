import { webhookDedupeKey, webhookObjectRef } from './webhook-dedupe-key';
import { WebhookRejectedError } from '../errors/webhook-rejected.error';
import { parseWebhookEvents } from './webhook-event.parser';
import { HubspotWebhookEvent } from './webhook-event.types';

const base = {
  eventId: 1,
  subscriptionId: 2,
  portalId: 62515,
  occurredAt: 1564113600000,
  subscriptionType: 'contact.propertyChange',
  attemptNumber: 0,
  objectId: 123,
  propertyName: 'email',
  propertyValue: 'a@b.c',
  changeSource: 'CRM',
};

const problems = (body: string): string[] => {
  try {
    parseWebhookEvents(body);
  } catch (error) {
    if (error instanceof WebhookRejectedError) return error.problems;
    throw error;
  }
  return [];
};

describe('parseWebhookEvents', () => {
  it('accepts HubSpot events, including association changes (no objectId) and the eventType alias', () => {
    const assoc = {
      ...base,
      objectId: undefined,
      propertyName: undefined,
      subscriptionType: 'contact.associationChange',
      associationType: 'CONTACT_TO_COMPANY',
      fromObjectId: 1,
      toObjectId: 2,
      associationRemoved: false,
    };
    const { subscriptionType: _s, ...aliased } = { ...base, eventType: 'contact.propertyChange' };
    const events = parseWebhookEvents(Buffer.from(JSON.stringify([base, assoc, aliased])));
    expect(events).toHaveLength(3);
    expect(events[2].subscriptionType).toBe('contact.propertyChange');
  });

  it('tolerates unknown fields and a numeric sourceId', () => {
    expect(parseWebhookEvents(JSON.stringify([{ ...base, sourceId: 777, brandNew: { x: 1 } }]))).toHaveLength(
      1,
    );
  });

  it('names what is wrong', () => {
    expect(problems('{')).toEqual(['body is not valid JSON']);
    expect(problems('{}')).toEqual(['body must be a JSON array of events']);
    expect(problems('[]')).toEqual(['body must contain at least one event']);
    expect(problems('[1]')).toEqual(['[0] must be an object']);
    const { portalId: _p, ...noPortal } = base;
    expect(problems(JSON.stringify([base, noPortal]))).toEqual([expect.stringMatching(/^\[1\]\.portalId: /)]);
    expect(problems(JSON.stringify([{ ...base, occurredAt: '2024-01-01' }]))[0]).toMatch(/occurredAt/);
    expect(problems(JSON.stringify([{ ...base, propertyName: undefined }]))[0]).toMatch(/propertyName/);
    expect(problems(JSON.stringify([{ ...base, subscriptionType: 'nonsense' }]))[0]).toMatch(
      /subscriptionType/,
    );
    const assoc = { ...base, subscriptionType: 'deal.associationChange', objectId: undefined };
    expect(problems(JSON.stringify([assoc])).join()).toMatch(/fromObjectId.*toObjectId|toObjectId/);
  });
});

describe('parseWebhookEvents bounds (checked before class-transformer walks the body)', () => {
  const rejection = (body: string): [string, string[]] | undefined => {
    try {
      parseWebhookEvents(body);
    } catch (error) {
      if (error instanceof WebhookRejectedError) return [error.reason, error.problems];
      throw error;
    }
    return undefined;
  };

  it('takes 100 events and refuses 101 as too large', () => {
    const events = (n: number) =>
      JSON.stringify(Array.from({ length: n }, (_, i) => ({ ...base, eventId: i })));
    expect(parseWebhookEvents(events(100))).toHaveLength(100);
    expect(rejection(events(101))?.[0]).toBe('too-large');
  });

  it('refuses a deeply nested field as malformed without exhausting the stack', () => {
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    const body = `[${JSON.stringify(base).slice(0, -1)},"extra":${deep}}]`;
    expect(rejection(body)).toEqual(['malformed', [expect.stringMatching(/^\[0\]\.extra.* nested deeper/)]]);
  });

  it('refuses an oversized property value or an event with too many fields as too large', () => {
    expect(rejection(JSON.stringify([{ ...base, propertyValue: 'x'.repeat(65_537) }]))?.[0]).toBe(
      'too-large',
    );
    expect(parseWebhookEvents(JSON.stringify([{ ...base, propertyValue: 'x'.repeat(65_536) }]))).toHaveLength(
      1,
    );
    const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, i]));
    expect(rejection(JSON.stringify([{ ...base, ...wide }]))?.[0]).toBe('too-large');
  });
});

describe('webhookDedupeKey', () => {
  const event = (over: Partial<HubspotWebhookEvent> = {}) => ({ ...base, ...over }) as HubspotWebhookEvent;

  it('is the same for redeliveries of one change (eventId, attempt and subscription differ)', () => {
    expect(webhookDedupeKey(event({ eventId: 9, attemptNumber: 3, subscriptionId: 5 }))).toBe(
      webhookDedupeKey(event()),
    );
  });

  it('differs when anything identifying the change differs', () => {
    const key = webhookDedupeKey(event());
    for (const over of [
      { portalId: 1 },
      { objectId: 124 },
      { propertyValue: 'x@y.z' },
      { propertyName: 'firstname' },
      { occurredAt: 1564113600001 },
      { subscriptionType: 'contact.creation' as const },
    ]) {
      expect(webhookDedupeKey(event(over))).not.toBe(key);
    }
  });

  it('ignores the order of merged ids and tells association directions apart', () => {
    const merge = { subscriptionType: 'contact.merge' as const, primaryObjectId: 1 };
    expect(webhookDedupeKey(event({ ...merge, mergedObjectIds: [3, 2] }))).toBe(
      webhookDedupeKey(event({ ...merge, mergedObjectIds: [2, 3] })),
    );
    const assoc = { subscriptionType: 'contact.associationChange' as const, objectId: undefined };
    expect(webhookDedupeKey(event({ ...assoc, fromObjectId: 1, toObjectId: 2 }))).not.toBe(
      webhookDedupeKey(event({ ...assoc, fromObjectId: 2, toObjectId: 1 })),
    );
  });

  it('keys objects by portal, type and id (association events by their from side)', () => {
    expect(webhookObjectRef(event()).objectKey).toBe('62515:contact:123');
    const custom = event({ subscriptionType: 'object.creation', objectTypeId: '2-99', objectId: 7 });
    expect(webhookObjectRef(custom).objectKey).toBe('62515:2-99:7');
    const assoc = event({ subscriptionType: 'deal.associationChange', objectId: undefined, fromObjectId: 8 });
    expect(webhookObjectRef(assoc).objectKey).toBe('62515:deal:8');
  });
});
