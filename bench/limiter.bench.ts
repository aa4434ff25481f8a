/**
 * Limiter bench: N worker processes share one portal through Redis and push as fast as they can.
 * Prints ONE JSON line: {processes, calls, seconds, 429s, utilization, maxInAnyWindow}.
 *   npm run bench:limiter -- --processes 4 [--seconds 10] [--max 100] [--window 1000] [--concurrency 16]
 * utilization = calls made / calls the rolling window allowed in that time (max * seconds / window).
 */
import { Command } from 'commander';
import { startEmulator } from '@app/hubspot-emulator';
import { REDIS_URL, uniquePrefix } from '../test/support/services';
import { LimiterWorkerPool } from '../test/support/limiter-worker.pool';

async function main(): Promise<void> {
  const opts = new Command()
    .option('--processes <n>', 'worker processes', '1')
    .option('--seconds <n>', 'how long the workers push', '10')
    .option('--max <n>', 'calls per rolling window', '100')
    .option('--window <ms>', 'rolling window, ms (time-scaled: HubSpot uses 10,000)', '1000')
    .option('--concurrency <n>', 'calls in flight per process', '16')
    .parse(process.argv)
    .opts<{ processes: string; seconds: string; max: string; window: string; concurrency: string }>();
  const processes = Number(opts.processes);
  const max = Number(opts.max);
  const windowMs = Number(opts.window);
  const portalId = 1001;

  const emu = await startEmulator({
    port: 0,
    portals: [
      { portalId, tokens: ['pat-bench-token'], limits: { maxPerWindow: max, windowMs, daily: 10_000_000 } },
    ],
  });
  const pool = new LimiterWorkerPool();
  try {
    const keyPrefix = uniquePrefix('bench-limiter');
    await pool.start(
      Array.from({ length: processes }, () => ({
        baseUrl: emu.url,
        token: 'pat-bench-token',
        portalId,
        redisUrl: REDIS_URL,
        keyPrefix,
        limits: { maxPerWindow: max, windowMs },
        concurrency: Number(opts.concurrency),
      })),
    );
    const reports = await pool.run(Number(opts.seconds) * 1000);
    const first = Math.min(...reports.map((r) => r.firstCallAt));
    const last = Math.max(...reports.map((r) => r.lastCallAt));
    const calls = reports.reduce((n, r) => n + r.calls, 0);
    const seconds = (last - first) / 1000;
    const times = reports.flatMap((r) => r.doneAt).sort((a, b) => a - b);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const span = mean(times.slice(-max)) - mean(times.slice(0, max));
    const allowed = (max * span) / windowMs;
    const stats = emu.control.stats();
    const failures = reports.reduce((n, r) => n + Object.values(r.failures).reduce((a, b) => a + b, 0), 0);
    console.log(
      JSON.stringify({
        processes,
        calls,
        seconds: Number(seconds.toFixed(2)),
        '429s': stats.rateLimited.TEN_SECONDLY_ROLLING + stats.rateLimited.SECONDLY,
        utilization: Number(((calls - max) / allowed).toFixed(3)),
        maxInAnyWindow: stats.maxInAnyWindow[String(portalId)] ?? 0,
        max,
        windowMs,
        failures,
      }),
    );
  } finally {
    await pool.stop();
    await emu.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
