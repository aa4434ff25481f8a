import type { EmulatorHandle } from '@app/hubspot-emulator';

/** Where the example app's HubSpot calls go: a real portal, or the embedded emulator. */
export interface HubspotTarget {
  baseUrl: string;
  accessToken: string;
  portalId?: number;
  /** The app whose writes HubSpot reports as changeSource INTEGRATION / sourceId: echoes of our own writes. */
  appId?: number;
  /** The app's client secret for webhook signatures (defaulted for the embedded emulator). */
  webhookSecret?: string;
  /** Present when the emulator runs inside this process (type-only import: production never loads it). */
  embedded?: EmulatorHandle;
}

export const HUBSPOT_TARGET = Symbol('HUBSPOT_TARGET');

/** The emulator's default portal and token (see libs/hubspot-emulator). */
export const EMULATOR_PORTAL_ID = 123456;
export const EMULATOR_TOKEN = 'emulator-token';
export const EMULATOR_WEBHOOK_SECRET = 'emulator-webhook-secret';
