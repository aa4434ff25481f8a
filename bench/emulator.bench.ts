/**
 * Emulator throughput: GET /crm/objects/2026-09/contacts/{id} over keep-alive connections against an emulator
 * running in its own process pinned to one core (taskset when available), rate limit set out of the way.
 * Prints one JSON line.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'undici';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const WARMUP_MS = 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const TOKEN = 'emulator-token';

async function startChild(): Promise<{ child: ChildProcess; url: string; pinned: boolean }> {
  const root = join(__dirname, '..');
  const main = join(root, 'libs/hubspot-emulator/src/main.ts');
  const nodeArgs = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', main];
  const pinned = existsSync('/usr/bin/taskset');
  const [cmd, args] = pinned
    ? ['taskset', ['-c', '1', process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const child = spawn(cmd, args, {
    cwd: root,
    env: {
      ...process.env,
      HUBSPOT_EMULATOR_PORT: '0',
      HUBSPOT_EMULATOR_HOST: '127.0.0.1',
      TS_NODE_TRANSPILE_ONLY: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve(m[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`emulator did not start: ${out}`)), 30_000).unref();
  });
  return { child, url, pinned };
}

async function main(): Promise<void> {
  const { child, url, pinned } = await startChild();
  const pool = new Pool(url, { connections: CONCURRENCY, pipelining: 1 });
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  try {
    await fetch(`${url}/__emulator/portals`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        portalId: 123456,
        limits: { maxPerWindow: 1e9, windowMs: 10_000, daily: 1e12 },
      }),
    });
    const created = await fetch(`${url}/crm/objects/2026-09/contacts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ properties: { email: 'bench@example.com', firstname: 'Bench' } }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const path = `/crm/objects/2026-09/contacts/${created.id}`;
    const latencies: number[] = [];
    let errors = 0;
    let measuring = false;
    let count = 0;
    const worker = async (until: number): Promise<void> => {
      while (Date.now() < until) {
        const t0 = performance.now();
        const res = await pool.request({ method: 'GET', path, headers });
        await res.body.text();
        if (!measuring) continue;
        count++;
        latencies.push(performance.now() - t0);
        if (res.statusCode !== 200) errors++;
      }
    };
    const warmEnd = Date.now() + WARMUP_MS;
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(warmEnd)));
    measuring = true;
    const start = performance.now();
    const end = Date.now() + DURATION_MS;
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(end)));
    const elapsed = performance.now() - start;
    latencies.sort((a, b) => a - b);
    const pct = (p: number): number =>
      Number(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(2));
    console.log(
      JSON.stringify({
        bench: 'emulator',
        route: 'GET /crm/objects/2026-09/contacts/{id}',
        serverPinnedToOneCore: pinned,
        concurrency: CONCURRENCY,
        durationMs: Math.round(elapsed),
        requests: count,
        requestsPerSecond: Math.round((count / elapsed) * 1000),
        p50Ms: pct(0.5),
        p99Ms: pct(0.99),
        errors,
      }),
    );
  } finally {
    await pool.close();
    child.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
