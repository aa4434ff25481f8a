import { HubspotWebhookEvent } from './webhook-event.types';

const INTEGRATION_SOURCES = new Set(['INTEGRATION', 'API']);

/**
 * Whether the event reports a change this app made itself: HubSpot marks writes made through an
 * app's token with changeSource INTEGRATION (or API) and the app id as sourceId.
 */
export function isEcho(event: HubspotWebhookEvent, appId: number | undefined): boolean {
  if (appId === undefined || !event.changeSource || !INTEGRATION_SOURCES.has(event.changeSource))
    return false;
  if (event.sourceId === undefined || event.sourceId === null) return false;
  const source = String(event.sourceId);
  return source === String(appId) || source.endsWith(`:${appId}`) || source.endsWith(`-${appId}`);
}
