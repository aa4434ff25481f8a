/**
 * Console bench: boots the demo app (the example app, its embedded emulator, 3,000 seeded users backfilled into
 * it, the console on), then loads the console's runs page in headless Chromium with a cold cache, N times.
 * Prints ONE JSON line last: {bundleBytes, timeToFirstRenderMs}
 *   bundleBytes: bytes of HTML, JS and CSS the browser downloads for the console page (the runs' JSON excluded).
 *   timeToFirstRenderMs: median, from navigation start to the runs table showing the runs (in-page clock).
 *   npm run bench:console -- [--loads 15] [--users 3000]
 * Needs MariaDB/MySQL, Redis and Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { chromium } from 'playwright-core';
import { databaseUrl, dbSettings, recreateDatabase, seedUsers } from '../scripts/demo/demo-database';
import { DemoHttp } from '../scripts/demo/demo-http';
import { followRun, RunView } from '../scripts/demo/demo-progress';
import { clearRedisPrefix } from '../scripts/demo/demo-redis';
import { startApp } from '../src/bootstrap';

const DB_NAME = 'hubspot_bench_console';
const PREFIX = 'hubspot-bench-console';
const ADMIN_TOKEN = 'bench-console-admin-token';
const API_TOKEN = 'bench-console-api-token-0123';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

async function main(): Promise<void> {
  const opts = new Command()
    .option('--loads <n>', 'cold page loads to measure', '15')
    .option('--users <n>', 'users seeded and backfilled, as in the demo', '3000')
    .parse()
    .opts<{ loads: string; users: string }>();
  const db = dbSettings();
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  await recreateDatabase(db, DB_NAME);
  await clearRedisPrefix(redisUrl, PREFIX);
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl(db, DB_NAME),
    REDIS_URL: redisUrl,
    REDIS_PREFIX: PREFIX,
    HUBSPOT_ACCESS_TOKEN: '',
    HUBSPOT_ADMIN_TOKEN: ADMIN_TOKEN,
    APP_API_TOKEN: API_TOKEN,
    HUBSPOT_ADMIN_CONSOLE: 'true',
    LOG_LEVEL: 'error',
  });
  const { app, url } = await startApp({ port: 0, host: '127.0.0.1' });
  const consoleUrl = `${url}/hubspot/admin/console`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  try {
    await seedUsers(db, DB_NAME, Number(opts.users), Math.ceil(Number(opts.users) / 20));
    const http = new DemoHttp(url, { api: API_TOKEN, admin: ADMIN_TOKEN });
    const run = await http.admin<RunView>('POST', '/backfills', { kind: 'all' });
    const done = await followRun(http, run, 'backfill', 120_000);
    await http.admin('POST', '/backfills', { kind: 'all', dryRun: true });
    console.log(`demo app ${url}: ${opts.users} users backfilled (run ${done.id} ${done.status})`);

    const signIn = await fetch(`${consoleUrl}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: ADMIN_TOKEN }),
      redirect: 'manual',
    });
    const session = /hubspot_console=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
    if (!session) throw new Error(`sign-in failed: ${signIn.status}`);

    const times: number[] = [];
    let bundleBytes = 0;
    for (let i = 0; i < Number(opts.loads); i++) {
      // A new context per load: empty cache, like an operator's first visit.
      const context = await browser.newContext();
      await context.addCookies([{ name: 'hubspot_console', value: session, url: consoleUrl }]);
      const page = await context.newPage();
      const shipped: Array<Promise<number>> = [];
      page.on('response', (res) => {
        const type = res.request().resourceType();
        if (['document', 'script', 'stylesheet'].includes(type))
          shipped.push(res.body().then((b) => b.length));
      });
      await page.goto(consoleUrl, { waitUntil: 'commit' });
      const rendered = await page.waitForFunction(
        // Runs in the page (no DOM types in this program); a function, since the console's CSP forbids eval.
        () => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
          return doc.querySelector('#runs-table tbody tr[data-run]') !== null && performance.now();
        },
        undefined,
        { polling: 'raf', timeout: 30_000 },
      );
      times.push(Math.round((await rendered.jsonValue()) as number));
      const bytes = (await Promise.all(shipped)).reduce((a, b) => a + b, 0);
      if (i === 0) bundleBytes = bytes;
      else if (bytes !== bundleBytes)
        throw new Error(`load ${i} shipped ${bytes} bytes, the first ${bundleBytes}`);
      await context.close();
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`loads: ${times.join(', ')} ms (min ${sorted[0]}, median ${median}, max ${sorted.at(-1)})`);
    console.log(JSON.stringify({ bundleBytes, timeToFirstRenderMs: median }));
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
