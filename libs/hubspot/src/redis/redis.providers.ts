import { Provider } from '@nestjs/common';
import { HubspotRedisCloser, hubspotRedisProvider } from './hubspot-redis.provider';

/** The module's own Redis connection and what closes it. */
export const REDIS_PROVIDERS: Provider[] = [hubspotRedisProvider, HubspotRedisCloser];
