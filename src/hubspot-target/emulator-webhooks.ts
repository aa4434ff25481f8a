import { Logger } from '@nestjs/common';
import { HubspotTarget } from './hubspot-target';

/** What this app handles (src/crm-events) or wants to know about; a HubSpot app subscribes the same way. */
export const EMULATOR_SUBSCRIPTIONS = [
  'deal.propertyChange',
  'deal.deletion',
  'contact.deletion',
  'contact.merge',
];

/**
 * With the embedded emulator, HubSpot's webhook subscriptions are ours to configure: point them at this
 * app's webhook route, signed with the same client secret the module verifies.
 */
export async function connectEmulatorWebhooks(
  target: HubspotTarget,
  appUrl: string,
  path = 'hubspot/webhooks',
) {
  if (!target.embedded || !target.webhookSecret) return;
  const targetUrl = `${appUrl}/${path}`;
  const res = await fetch(`${target.baseUrl}/__emulator/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      targetUrl,
      clientSecret: target.webhookSecret,
      signatures: ['v3'],
      subscriptions: EMULATOR_SUBSCRIPTIONS,
    }),
  });
  if (!res.ok)
    throw new Error(`The emulator refused the webhook configuration: ${res.status} ${await res.text()}`);
  new Logger('HubspotTarget').log(`Emulator webhooks are delivered to ${targetUrl}`);
}
