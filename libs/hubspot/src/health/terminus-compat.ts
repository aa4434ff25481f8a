import { optionalPeer } from '../config/optional-peer';

/**
 * Terminus 11 reads `status: 'down'` from a returned result; Terminus 10 (Nest 10 hosts) only counts a
 * thrown HealthCheckError. Throw one only for that older Terminus, and only if Terminus is installed at all.
 */
export function throwIfLegacyTerminus(result: Record<string, unknown>): void {
  const terminus = optionalPeer<{
    HealthCheckError?: new (message: string, causes: unknown) => Error;
    HealthIndicatorService?: unknown;
  }>('@nestjs/terminus');
  if (terminus && !terminus.HealthIndicatorService && terminus.HealthCheckError) {
    throw new terminus.HealthCheckError('HubSpot is unhealthy', result);
  }
}
