import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
// Deep imports, not the barrel: a worker process loads only the http feature (fast start).
import { StaticTokenProvider } from '@app/hubspot/auth/static-token.provider';
import { TokenProvider } from '@app/hubspot/http/token-provider';
import { HUBSPOT_CONFIG } from '@app/hubspot/config/hubspot.constants';
import { HubspotHttpClient } from '@app/hubspot/http/hubspot-http.client';
import { HubspotTelemetry } from '@app/hubspot/http/hubspot-telemetry';
import { resolveHubspotConfig } from '@app/hubspot/config/hubspot.config';
import { HTTP_PROVIDERS } from '@app/hubspot/http/http.providers';
import { REDIS_PROVIDERS } from '@app/hubspot/redis/redis.providers';

export interface ClientAppOptions {
  baseUrl: string;
  token: string;
  portalId: number;
  redisUrl: string;
  keyPrefix: string;
  limits?: Record<string, number | string | boolean>;
  http?: Record<string, number>;
}

/**
 * Boots the module's http feature (client, limiter, telemetry, Redis) exactly as HubspotModule wires
 * it, without the queues and database the rest of the module needs: what each limiter worker runs.
 */
export async function bootClientApp(opts: ClientAppOptions): Promise<{
  app: INestApplicationContext;
  client: HubspotHttpClient;
  telemetry: HubspotTelemetry;
}> {
  const config = resolveHubspotConfig({
    auth: { type: 'static-token', accessToken: opts.token, portalId: opts.portalId },
    baseUrl: opts.baseUrl,
    redis: { url: opts.redisUrl, keyPrefix: opts.keyPrefix },
    limits: opts.limits,
    http: opts.http,
  });

  @Module({
    providers: [
      { provide: HUBSPOT_CONFIG, useValue: config },
      StaticTokenProvider,
      { provide: TokenProvider, useExisting: StaticTokenProvider },
      ...REDIS_PROVIDERS,
      ...HTTP_PROVIDERS,
    ],
  })
  class LimiterWorkerModule {}

  const app = await NestFactory.createApplicationContext(LimiterWorkerModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  return { app, client: app.get(HubspotHttpClient), telemetry: app.get(HubspotTelemetry) };
}
