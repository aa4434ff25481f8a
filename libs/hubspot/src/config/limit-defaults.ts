import { HubspotTier } from './http.options';

export interface BurstDefaults {
  /** General calls per 10-second rolling window. */
  maxPerWindow: number;
  /** Associations calls per 10-second rolling window. */
  associationsPerWindow: number;
}

/** HubSpot's per-installing-account burst for an OAuth app, whatever the account's tier. */
export const OAUTH_APP_MAX_PER_WINDOW = 110;

const STATIC_TOKEN: Record<'base' | 'paid' | 'increased', BurstDefaults> = {
  base: { maxPerWindow: 100, associationsPerWindow: 100 },
  paid: { maxPerWindow: 190, associationsPerWindow: 150 },
  increased: { maxPerWindow: 250, associationsPerWindow: 200 },
};

/**
 * The burst budgets the limiter starts from before HubSpot's headers say otherwise. Static tokens (legacy
 * private apps, Service Keys, static-auth project apps) follow the account's tier; an OAuth app gets 110
 * per installing account. Without a tier, the lowest row (Free/Starter) is the safe guess.
 */
export function burstDefaults(
  credential: 'static-token' | 'oauth',
  tier: HubspotTier | undefined,
  apiLimitIncreases: number,
): BurstDefaults {
  if (credential === 'oauth') {
    return {
      maxPerWindow: OAUTH_APP_MAX_PER_WINDOW,
      associationsPerWindow: STATIC_TOKEN.base.associationsPerWindow,
    };
  }
  if (apiLimitIncreases > 0) return { ...STATIC_TOKEN.increased };
  return { ...(tier === 'professional' || tier === 'enterprise' ? STATIC_TOKEN.paid : STATIC_TOKEN.base) };
}
