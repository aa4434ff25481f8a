import { DeadLettersService, HubspotWebhookEventEntity, WebhookEventsService } from '@app/hubspot';
import type { EmulatorHandle } from '@app/hubspot-emulator';
import { INestApplication } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { seedUsers } from '../../scripts/demo/demo-database';
import { startApp } from '../../src/bootstrap';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { DB, REDIS_URL, uniquePrefix } from '../support/services';
import { launchChromium } from './chromium';

const ADMIN = 'console-browser-admin-token';
/** The example app's own routes (`/users`) need their bearer token. */
const API_TOKEN = 'console-browser-api-token-0123';
const SHOTS = join(__dirname, '../../test-output/console');
const SEEDED = 40;
const COMPANIES = 5;

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The example app with the console on, driven in headless Chromium like an operator would. */
describe('Operator console in a real browser', () => {
  let database: string;
  let app: INestApplication;
  let url: string;
  let consoleUrl: string;
  let adminUrl: string;
  let emulator: EmulatorHandle;
  let portalId: number;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;
  const saved = { ...process.env };
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    database = await createTestDatabase('console_browser');
    const auth = DB.password ? `${DB.username}:${encodeURIComponent(DB.password)}` : DB.username;
    Object.assign(process.env, {
      DATABASE_URL: `mysql://${auth}@${DB.host}:${DB.port}/${database}`,
      REDIS_URL,
      REDIS_PREFIX: uniquePrefix('console'),
      HUBSPOT_ACCESS_TOKEN: '',
      HUBSPOT_ADMIN_TOKEN: ADMIN,
      HUBSPOT_ADMIN_CONSOLE: 'true',
      APP_API_TOKEN: API_TOKEN,
      LOG_LEVEL: 'error',
    });
    const started = await startApp({ port: 0, host: '127.0.0.1' });
    ({ app, url } = started);
    adminUrl = `${url}/hubspot/admin`;
    consoleUrl = `${adminUrl}/console`;
    emulator = started.target.embedded as EmulatorHandle;
    portalId = started.target.portalId as number;
    await seedUsers(
      { host: DB.host, port: DB.port, user: DB.username, password: DB.password },
      database,
      SEEDED,
      COMPANIES,
    );
    browser = await launchChromium();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    process.env = saved;
    await dropTestDatabase(database);
  });

  it('answers 401 with the sign-in page without the admin credential', async () => {
    const response = await page.goto(consoleUrl);
    expect(response?.status()).toBe(401);
    await expect(page.getByLabel('Admin token').isVisible()).resolves.toBe(true);
    // The console's own views need a session; the admin bearer token alone is not one.
    const api = await fetch(`${consoleUrl}/api/portals`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(api.status).toBe(401);
    await shot('sign-in');
  });

  it('refuses a wrong token, then signs in with the right one into an HttpOnly, SameSite=Strict session', async () => {
    await page.getByLabel('Admin token').fill('not-the-admin-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Wrong admin token');

    await page.getByLabel('Admin token').fill(ADMIN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    expect(page.url()).toBe(consoleUrl);
    const [cookie] = await browser.context.cookies(consoleUrl);
    expect(cookie).toMatchObject({ name: 'hubspot_console', httpOnly: true, sameSite: 'Strict' });
    expect(cookie.value).not.toContain(ADMIN);
    const stored = await page.evaluate(
      'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })',
    );
    expect(stored).toBe('{}{}');
    // Every input and select has a label.
    const unlabelled = await page.evaluate(
      "[...document.querySelectorAll('input, select')].filter((el) => !el.labels.length).length",
    );
    expect(unlabelled).toBe(0);
  });

  it("refuses the console's POSTs without the session's CSRF token", async () => {
    const request = browser.context.request;
    const body = { kind: 'contacts', dryRun: true };
    // The console speaks the admin API with its session cookie: unsafe requests need the CSRF token.
    expect((await request.post(`${adminUrl}/backfills`, { data: body })).status()).toBe(403);
    const wrong = { 'x-csrf-token': 'forged' };
    expect((await request.post(`${adminUrl}/backfills`, { data: body, headers: wrong })).status()).toBe(403);
    expect((await request.post(`${consoleUrl}/session/end`)).status()).toBe(403);
    // Reads need no token; nothing was started by the refused posts.
    const runs = await request.get(`${adminUrl}/runs`);
    expect(runs.status()).toBe(200);
    expect(await runs.json()).toEqual([]);
  });

  it('starts a dry-run backfill and shows it running to completion', async () => {
    await page.getByLabel('Kind').selectOption('backfill');
    await expect(page.getByLabel(/Dry run/).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Start' }).click();
    const row = page.locator('#runs-table tbody tr').first();
    await row.getByText('completed').waitFor({ timeout: 60_000 });
    // Every seeded user and company would be created.
    await expect(row.textContent()).resolves.toContain(`Would create ${SEEDED + COMPANIES}`);
    await expect(row.textContent()).resolves.toContain('dry run');
    // Nothing was written to HubSpot.
    expect(emulator.control.objects(portalId, 'contacts')).toHaveLength(0);
    await shot('runs');
  });

  it("inspects a dead letter with HubSpot's reason and replays it", async () => {
    emulator.control.faults([{ pathPattern: 'objects/[^/]+/contacts/batch/upsert', status: 400, count: 1 }]);
    const signup = await fetch(`${url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_TOKEN}` },
      body: JSON.stringify({ email: 'refused@example.org', firstName: 'Refused', lastName: 'Once' }),
    });
    expect(signup.status).toBe(201);
    const deadLetters = app.get(DeadLettersService);
    const [letter] = await eventually('a dead letter', async () => {
      const { items } = await deadLetters.list({ status: 'open' });
      return items.length ? items : undefined;
    });

    await page.getByRole('link', { name: 'Dead letters' }).click();
    const row = page.locator(`tr[data-dead-letter="${letter.id}"]`);
    await row.waitFor();
    await page.getByRole('button', { name: `Inspect dead letter ${letter.id}` }).click();
    const detail = page.locator('#dl-detail');
    await detail.getByText('Payload (secrets redacted)').waitFor();
    await expect(detail.textContent()).resolves.toContain('refused@example.org');
    await expect(detail.textContent()).resolves.toContain(letter.message);
    await shot('dead-letters');

    await page.getByRole('button', { name: `Replay dead letter ${letter.id}` }).click();
    await eventually('the replayed dead letter to resolve', async () => {
      return (await deadLetters.inspect(letter.id))?.status === 'resolved';
    });
    const contacts = emulator.control.objects(portalId, 'contacts');
    expect(contacts.map((c) => c.properties.email)).toContain('refused@example.org');
  });

  it('shows webhook events by status with the failed one and its error, and replays it', async () => {
    const events = app.get(DataSource).getRepository(HubspotWebhookEventEntity);
    const occurredAt = Date.now();
    const failed = await events.save(
      events.create({
        dedupeKey: 'f'.repeat(64),
        portalId: String(portalId),
        subscriptionType: 'deal.propertyChange',
        objectType: 'deal',
        objectId: '987654',
        objectKey: `${portalId}:deal:987654`,
        propertyName: 'dealstage',
        eventId: '55501',
        occurredAt: String(occurredAt),
        payload: {
          eventId: 55501,
          subscriptionId: 1,
          portalId,
          appId: 1,
          occurredAt,
          subscriptionType: 'deal.propertyChange',
          attemptNumber: 0,
          objectId: 987654,
          propertyName: 'dealstage',
          propertyValue: 'closedwon',
          changeSource: 'CRM_UI',
        },
        status: 'failed',
        attempts: 8,
        lastError: 'Error: database unavailable while recording the deal stage',
      }),
    );

    await page.getByRole('link', { name: 'Webhook events' }).click();
    const row = page.locator(`tr[data-event="${failed.id}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('database unavailable');
    await expect(page.locator('#wh-counts').textContent()).resolves.toMatch(/1\s*✗ failed/);
    await shot('webhook-events');

    await page.getByRole('button', { name: `Replay webhook event ${failed.id}` }).click();
    await eventually('the replayed event to be handled', async () => {
      return (await app.get(WebhookEventsService).get(failed.id))?.status === 'done';
    });
  });

  it('shows each portal with its budget chart, daily reset, backlog per lane and OAuth status', async () => {
    await page.getByRole('link', { name: 'Portals' }).click();
    const card = page.locator(`article[data-portal="${portalId}"]`);
    await card.waitFor();
    const chart = card.getByRole('img');
    await chart.waitFor();
    // The dry run, the signup and the replay spent calls in the last hour, and the chart says how many in words.
    const caption = await card.locator('figcaption').textContent();
    expect(caption).toMatch(/^[1-9][\d,]* calls in the last hour/);
    await expect(card.textContent()).resolves.toContain('Daily reset');
    await expect(card.textContent()).resolves.toContain('private app');
    await expect(card.locator('tbody th', { hasText: 'backfill' }).count()).resolves.toBe(1);
    // The dispatcher's own counts (not a sample of jobs): nothing waits or is in flight once the signup went out.
    await expect(card.textContent()).resolves.toContain('0 in flight now');
    await expect(card.textContent()).resolves.toContain('Outbox: nothing waiting');
    await expect(page.locator('#portals-summary').textContent()).resolves.toContain('Outbox relay: running');
    await shot('portals');
  });

  it('mounts Bull Board behind the same session, read-only', async () => {
    await page.getByRole('link', { name: 'Queues' }).click();
    await page.getByText('hubspot-webhooks', { exact: false }).first().waitFor({ timeout: 30_000 });
    await page.getByText('hubspot-webhooks', { exact: false }).first().click();
    await page.getByText('Loading...').waitFor({ state: 'hidden', timeout: 30_000 });
    await shot('queues');
    const queues = await browser.context.request.get(`${consoleUrl}/queues/api/queues`);
    expect(queues.status()).toBe(200);
    const board = (await queues.json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
    expect(board.queues.every((q) => q.readOnlyMode)).toBe(true);
    // Only the module's Bull queues: record upserts and associations wait in the per-portal dispatcher.
    expect(board.queues.map((q) => q.name).sort()).toEqual([
      'hubspot-runs',
      'hubspot-sales',
      'hubspot-webhooks',
    ]);
    // Without the session cookie there is no board.
    expect((await fetch(`${consoleUrl}/queues/api/queues`)).status).toBe(401);
  });

  it('is usable from the keyboard and signs out', async () => {
    await page.goto(consoleUrl);
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Skip to content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dead letters' }).waitFor();
    await expect(page.evaluate('location.hash')).resolves.toBe('#dead-letters');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    expect((await browser.context.request.get(`${adminUrl}/runs`)).status()).toBe(401);
  });
});
