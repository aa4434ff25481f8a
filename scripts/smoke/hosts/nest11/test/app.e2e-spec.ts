// The Nest 11 app's own Jest test: its AppModule (the package README's code), booted by @nestjs/testing.
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DeadLettersService } from 'nestjs-hubspot-sync';
import request from 'supertest';
import { AppModule } from '../src/app.module';

describe('signup reaches HubSpot (Jest in a Nest 11 app)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });

  afterAll(() => app?.close());

  it('creates the contact with its declared properties and leaves no dead letter', async () => {
    const email = `jest-${Date.now()}@example.com`;
    const res = await request(app.getHttpServer())
      .post('/users')
      .send({ email, name: 'Jest', plan: 'pro' })
      .expect(201);
    const contact = await eventually(async () => {
      const url = `${process.env.HUBSPOT_BASE_URL}/__emulator/objects/${process.env.SMOKE_PORTAL_ID}/contacts`;
      const all = (await (await fetch(url)).json()) as Array<{ properties: Record<string, string> }>;
      return all.find((c) => c.properties.email === email);
    });
    expect(contact.properties).toMatchObject({
      firstname: 'Jest',
      plan: 'pro',
      app_user_id: String(res.body.id),
    });
    expect(await app.get(DeadLettersService).countOpen()).toBe(0);
  });
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('the contact did not reach HubSpot in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
