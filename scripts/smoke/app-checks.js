/**
 * Runs a compiled README app (`node dist/main.js`) and checks it as a user would: it starts, signups over HTTP
 * reach HubSpot with their declared properties and leave no dead letter, /health and /metrics answer, and
 * SIGTERM stops it cleanly.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const mysql = require('mysql2/promise');

const SIGNUPS = [
  { name: 'Ada', plan: 'pro' },
  { name: 'Grace', plan: 'free' },
  { name: 'Katherine', plan: 'pro' },
];

async function checkApp({ dir, env, port, emulatorUrl, portal, databaseUrl }) {
  const logFile = path.join(dir, 'app.log');
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: dir,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  try {
    const startedIn = await until(
      async () => (await fetch(`${base}/health`)).status,
      60_000,
      exited,
      'the app to listen',
    );

    const users = [];
    for (const [i, signup] of SIGNUPS.entries()) {
      const email = `smoke-${port}-${i}@example.com`;
      const res = await fetch(`${base}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, ...signup }),
      });
      if (res.status !== 201) throw new Error(`POST /users answered ${res.status}: ${await res.text()}`);
      users.push({ ...(await res.json()), email });
    }
    const contacts = await until(
      async () => {
        const res = await fetch(`${emulatorUrl}/__emulator/objects/${portal.portalId}/contacts`);
        const all = await res.json();
        const found = users.map((u) => all.find((c) => c.properties.email === u.email));
        return found.every(Boolean) ? found : undefined;
      },
      30_000,
      exited,
      'every signup to reach HubSpot',
    );
    users.forEach((user, i) => {
      const p = contacts[i].properties;
      if (p.firstname !== user.name || p.plan !== user.plan || p.app_user_id !== String(user.id)) {
        throw new Error(`contact ${user.email} arrived as ${JSON.stringify(p)}`);
      }
    });

    const conn = await mysql.createConnection(databaseUrl);
    const [[{ n }]] = await conn.query('SELECT COUNT(*) AS n FROM hubspot_dead_letters');
    await conn.end();
    if (Number(n) !== 0) throw new Error(`${n} dead letter(s) after the signups`);

    const health = await fetch(`${base}/health`);
    const body = await health.json();
    if (health.status !== 200 || body.info?.hubspot?.status !== 'up') {
      throw new Error(`/health answered ${health.status}: ${JSON.stringify(body)}`);
    }
    const metrics = await (await fetch(`${base}/metrics`)).text();
    if (!/hubspot_records_total\{object_type="contacts",lane="live",result="created"\} 3\b/.test(metrics)) {
      throw new Error('/metrics does not count the 3 contacts created');
    }

    child.kill('SIGTERM');
    const stop = await Promise.race([exited, sleep(20_000).then(() => undefined)]);
    if (!stop) throw new Error('the app did not stop within 20 s of SIGTERM');
    if (stop.code !== 0 && stop.signal !== 'SIGTERM')
      throw new Error(`the app stopped with ${JSON.stringify(stop)}`);
    return {
      started: startedIn !== undefined,
      signups: users.length,
      contacts: contacts.length,
      deadLetters: 0,
    };
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`${err.message}\n--- app log (last lines) ---\n${tail}`);
  } finally {
    fs.closeSync(log);
  }
}

/** Polls `probe` until it returns a value; fails early if the app exits. */
async function until(probe, timeoutMs, exited, what) {
  let gone;
  exited.then((s) => (gone = s));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone) throw new Error(`the app exited (${JSON.stringify(gone)}) while waiting for ${what}`);
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { checkApp };
