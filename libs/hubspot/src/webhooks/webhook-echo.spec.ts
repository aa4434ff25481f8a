import { isEcho } from './webhook-echo';
import { HubspotWebhookEvent } from './webhook-event.types';

const event = (changeSource?: string, sourceId?: string): HubspotWebhookEvent => ({
  eventId: 1,
  subscriptionId: 2,
  portalId: 3,
  occurredAt: 4,
  subscriptionType: 'contact.propertyChange',
  objectId: 5,
  changeSource,
  sourceId,
});

describe('isEcho', () => {
  it('recognises writes made by this app', () => {
    expect(isEcho(event('INTEGRATION', '777'), 777)).toBe(true);
    expect(isEcho(event('API', '777'), 777)).toBe(true);
    expect(isEcho(event('INTEGRATION', 'app:777'), 777)).toBe(true);
  });

  it('keeps changes from people, other apps and other sources', () => {
    expect(isEcho(event('INTEGRATION', '778'), 777)).toBe(false);
    expect(isEcho(event('INTEGRATION', '1777'), 777)).toBe(false);
    expect(isEcho(event('CRM', '777'), 777)).toBe(false);
    expect(isEcho(event('INTEGRATION'), 777)).toBe(false);
    expect(isEcho(event('INTEGRATION', '777'), undefined)).toBe(false);
  });
});
