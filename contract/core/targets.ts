import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { Pacer } from './pacer';

/** Where a run sends its requests, with which credentials and at what pace. */
export interface Target {
  kind: 'emulator' | 'hubspot';
  baseUrl: string;
  /** The general rolling window, ms. */
  windowMs: number;
  tokens: { main: string; limited?: string; tiny?: string };
  /** Requests per rolling window (general) and per second (search); the emulator paces search only. */
  pacing: { general?: Pacer; search: Pacer };
  /** May a case provoke a 429 (the emulator always; HubSpot only with --provoke-429). */
  provoke429: boolean;
  emulator?: EmulatorHandle;
  stop(): Promise<void>;
}

/** Scopes of the emulator's limited token: what the module's contact sync needs, not companies write. */
export const LIMITED_SCOPES = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.schemas.contacts.read',
];

const PORTAL = 424242;
const TINY_PORTAL = 424243;

/** The emulator in-process: one portal with a main and a limited token, one tiny portal for 429s. */
export async function emulatorTarget(): Promise<Target> {
  const emu = await startEmulator({
    port: 0,
    // Webhook retries in milliseconds instead of minutes.
    timeScale: 0.001,
    portals: [
      {
        portalId: PORTAL,
        tokens: [
          { token: 'contract-main-token', appId: 5150 },
          { token: 'contract-limited-token', appId: 5150, scopes: LIMITED_SCOPES },
        ],
        // Room for the whole suite, and a short window to wait out; headers and shapes are the same at any limit.
        limits: { maxPerWindow: 5_000, windowMs: 1_000 },
      },
      {
        portalId: TINY_PORTAL,
        tokens: ['contract-tiny-token'],
        limits: { maxPerWindow: 2, windowMs: 60_000 },
      },
    ],
  });
  return {
    kind: 'emulator',
    baseUrl: emu.url,
    windowMs: 1_000,
    tokens: { main: 'contract-main-token', limited: 'contract-limited-token', tiny: 'contract-tiny-token' },
    // Its search limit is HubSpot's (5 per second): pace below it as a live run does.
    pacing: { search: new Pacer(4, 1_000) },
    provoke429: true,
    emulator: emu,
    stop: () => emu.stop(),
  };
}

export interface LiveOptions {
  baseUrl: string;
  token: string;
  limitedToken?: string;
  perTenSeconds: number;
  provoke429: boolean;
}

/** Real HubSpot (a test account): paced below its limits, the token only ever sent to `baseUrl`. */
export function hubspotTarget(options: LiveOptions): Target {
  return {
    kind: 'hubspot',
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    windowMs: 10_000,
    tokens: { main: options.token, limited: options.limitedToken },
    pacing: { general: new Pacer(options.perTenSeconds, 10_000), search: new Pacer(4, 1_000) },
    provoke429: options.provoke429,
    stop: async () => undefined,
  };
}
