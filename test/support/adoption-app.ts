import { INestApplication, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ContactSource,
  HubspotContactSource,
  HubspotModule,
  HubspotModuleOptions,
  SourceContact,
  SourcePage,
} from '@app/hubspot';
import { DataSource } from 'typeorm';
import { CapturingLogger } from './capturing-logger';
import { DB, REDIS_URL, uniquePrefix } from './services';
import { SuiteBackend } from './suite-backend';

export interface Member {
  id: number;
  email: string;
  name: string;
  plan: 'free' | 'pro';
}

/** The adopting host's "users table" (in memory) behind its one mapping to HubSpot. */
export const members: Member[] = [];

@Injectable()
@HubspotContactSource()
class MembersSource implements ContactSource<Member> {
  async page({ cursor, limit }: { cursor: string | null; limit: number }): Promise<SourcePage<Member>> {
    const from = cursor ? Number(cursor) : 0;
    const items = members.slice(from, from + limit);
    return { items, nextCursor: from + limit < members.length ? String(from + limit) : null };
  }

  toContact(m: Member): SourceContact {
    return { email: m.email, userId: String(m.id), properties: { firstname: m.name, plan: m.plan } };
  }
}

@Module({ providers: [MembersSource] })
class MembersModule {}

/** The custom property `toContact` writes besides HubSpot's own `firstname`. */
export const PLAN_PROPERTY = {
  name: 'plan',
  label: 'Plan',
  type: 'enumeration',
  fieldType: 'select',
  options: [
    { label: 'Free', value: 'free' },
    { label: 'Pro', value: 'pro' },
  ],
} as const;

/** The module's options for a private app on the backend's one portal. */
export function adoptionOptions(
  backend: SuiteBackend,
  token: string,
  portalId: number,
  overrides: Partial<HubspotModuleOptions> = {},
): HubspotModuleOptions {
  return {
    auth: { type: 'private-app', accessToken: token, portalId },
    baseUrl: backend.emu.url,
    redis: { url: REDIS_URL, keyPrefix: uniquePrefix('adoption') },
    http: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 5_000 },
    sync: { coalesceWindowMs: 50, retryDelayMs: 50 },
    ...overrides,
  };
}

/**
 * Boots a host with these TypeORM options (null: no TypeORM at all), the module and the members source;
 * whatever a failed boot opened is closed before the error is rethrown.
 */
export async function bootAdoptingHost(
  database: string,
  typeorm: Record<string, unknown> | null,
  options: HubspotModuleOptions,
  logger = new CapturingLogger(),
): Promise<INestApplication> {
  let dataSource: Promise<DataSource> | undefined;
  let app: INestApplication | undefined;
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ...(typeorm
          ? [
              TypeOrmModule.forRootAsync({
                useFactory: () => ({ type: 'mysql', ...DB, database, ...typeorm }),
                dataSourceFactory: (o) => (dataSource = new DataSource(o!).initialize()),
              }),
            ]
          : []),
        HubspotModule.forRoot({ adminPath: false, webhooksPath: false, oauthPath: false, ...options }),
        MembersModule,
      ],
    })
      .setLogger(logger)
      .compile();
    app = moduleRef.createNestApplication({ logger });
    await app.init();
    return app;
  } catch (err) {
    await app?.close().catch(() => undefined);
    await (await dataSource?.catch(() => undefined))?.destroy().catch(() => undefined);
    throw err;
  }
}

export async function eventually<T>(probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
