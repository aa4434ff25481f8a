import { Injectable, LoggerService, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  HUBSPOT_ENTITIES,
  HUBSPOT_MIGRATIONS,
  HubspotModule,
  HubspotWebhookEvent,
  HubspotWebhookHandler,
  WebhookHandlerContext,
} from '@app/hubspot';
import { signatureV3 } from '@app/hubspot/testing';
import { INestApplication } from '@nestjs/common';
import { MigrationInterface } from 'typeorm';
import { DB, REDIS_URL } from './support/services';

export const SECRET = 'webhook-secret-0001';
export const PUBLIC_BASE = 'https://hooks.example.test';
export const APP_ID = 4242;
export const PORTAL = 1001;

let nextEventId = 1;

/** A contact.propertyChange event (override anything). */
export function event(overrides: Partial<HubspotWebhookEvent> = {}): HubspotWebhookEvent {
  return {
    eventId: nextEventId++,
    subscriptionId: 77,
    portalId: PORTAL,
    appId: APP_ID,
    occurredAt: 1_700_000_000_000,
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId: 501,
    changeSource: 'CRM',
    propertyName: 'lifecyclestage',
    propertyValue: 'lead',
    ...overrides,
  };
}

/** Headers HubSpot would send for this body (v3). */
export function signV3(
  body: string,
  options: { secret?: string; timestamp?: number; path?: string; method?: string; base?: string } = {},
): Record<string, string> {
  const timestamp = options.timestamp ?? Date.now();
  const uri = `${options.base ?? PUBLIC_BASE}${options.path ?? '/hubspot/webhooks'}`;
  return {
    'content-type': 'application/json',
    'x-hubspot-request-timestamp': String(timestamp),
    'x-hubspot-signature-v3': signatureV3(
      options.secret ?? SECRET,
      options.method ?? 'POST',
      uri,
      body,
      timestamp,
    ),
  };
}

/** Records every handler call; can be told to throw for chosen objects a number of times. */
@Injectable()
export class RecordingHandlers {
  readonly calls: Array<{ handler: string; event: HubspotWebhookEvent; context: WebhookHandlerContext }> = [];
  readonly failures = new Map<number, number>();

  @HubspotWebhookHandler('contact.propertyChange')
  onContactChange(event: HubspotWebhookEvent, context: WebhookHandlerContext): void {
    this.calls.push({ handler: 'contact', event, context });
    const left = this.failures.get(event.objectId ?? -1) ?? 0;
    if (left > 0) {
      this.failures.set(event.objectId ?? -1, left - 1);
      throw new Error(`forced failure for ${event.objectId}`);
    }
  }

  @HubspotWebhookHandler('*')
  onAnything(event: HubspotWebhookEvent, context: WebhookHandlerContext): void {
    this.calls.push({ handler: 'any', event, context });
  }

  @HubspotWebhookHandler('deal.propertyChange', { includeEchoes: true })
  onDealIncludingEchoes(event: HubspotWebhookEvent, context: WebhookHandlerContext): void {
    this.calls.push({ handler: 'deal-with-echoes', event, context });
  }
}

export interface BootOptions {
  database: string;
  prefix: string;
  /** 'testing' = Test.createTestingModule().createNestApplication(); 'factory' = NestFactory.create. */
  via?: 'testing' | 'factory';
  webhooks?: Record<string, unknown>;
  webhooksPath?: string;
  globalPrefix?: string;
  extraProviders?: Type[];
  extraControllers?: Type[];
  extraImports?: Array<Type | ReturnType<typeof TypeOrmModule.forRoot>>;
  extraMigrations?: Array<new () => MigrationInterface>;
  /** Runs on the app before init (e.g. app.use of a test-only middleware). */
  beforeInit?: (app: INestApplication) => void;
  /** Where the app logs (default: errors only, to the console). */
  logger?: LoggerService;
}

export async function bootWebhooksApp(options: BootOptions): Promise<INestApplication> {
  @Module({
    imports: [
      TypeOrmModule.forRoot({
        type: 'mysql',
        ...DB,
        database: options.database,
        entities: [...HUBSPOT_ENTITIES],
        autoLoadEntities: true,
        migrations: [...HUBSPOT_MIGRATIONS, ...(options.extraMigrations ?? [])],
        migrationsRun: true,
        logging: false,
        retryAttempts: 0,
      }),
      HubspotModule.forRootAsync({
        webhooksPath: options.webhooksPath,
        useFactory: () => ({
          auth: { type: 'static-token', accessToken: 'pat-test-token' },
          baseUrl: 'http://127.0.0.1:9',
          redis: { url: REDIS_URL, keyPrefix: options.prefix },
          webhooks: {
            clientSecrets: ['old-secret-0000', SECRET],
            publicBaseUrl: PUBLIC_BASE,
            appId: APP_ID,
            settleMs: 20,
            retryBaseDelayMs: 50,
            retryMaxDelayMs: 200,
            maxAttempts: 3,
            maxBodyBytes: 64 * 1024,
            ...options.webhooks,
          },
        }),
      }),
      ...(options.extraImports ?? []),
    ],
    providers: [RecordingHandlers, ...(options.extraProviders ?? [])],
    controllers: options.extraControllers ?? [],
  })
  class WebhooksTestAppModule {}

  let app: INestApplication;
  if (options.via === 'factory') {
    app = await NestFactory.create(WebhooksTestAppModule, {
      logger: options.logger ?? ['error'],
      abortOnError: false,
    });
  } else {
    const moduleRef = await Test.createTestingModule({ imports: [WebhooksTestAppModule] }).compile();
    moduleRef.useLogger(options.logger ?? ['error']);
    app = moduleRef.createNestApplication();
  }
  if (options.globalPrefix) app.setGlobalPrefix(options.globalPrefix);
  options.beforeInit?.(app);
  await app.init();
  return app;
}

/** Polls until `check` passes or the timeout expires (then throws the last failure). */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
