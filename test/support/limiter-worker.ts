/**
 * A child process for the limiter e2e suites and bench: boots the HTTP client against one portal
 * and, on 'go', calls HubSpot (the emulator) as fast as its concurrency allows until the deadline.
 * Protocol (IPC): parent sends {type:'config', ...}, worker answers {type:'ready'}; then any number of
 * {type:'go', durationMs} -> {type:'done', report}; {type:'stop'} closes the app and exits.
 */
import { HubspotError } from '@app/hubspot/errors';
import { bootClientApp, ClientAppOptions } from './limiter-worker-app';
import { PATHS } from './paths';

export interface WorkerConfig extends ClientAppOptions {
  concurrency: number;
  lane?: 'live' | 'webhook' | 'reconcile' | 'backfill';
  path?: string;
}

export interface WorkerReport {
  pid: number;
  /** Calls that resolved (2xx). */
  calls: number;
  /** Calls that failed after the retry policy (should be 0). */
  failures: Record<string, number>;
  /** Attempts that got a 429, as seen by the client (each retried). */
  rateLimited: number;
  attempts: number;
  retriedCalls: number;
  firstCallAt: number;
  lastCallAt: number;
  /** When each call resolved (epoch ms), for sustained-throughput figures. */
  doneAt: number[];
  /** When each 429 came back (epoch ms). */
  rateLimitedAt: number[];
}

type Message =
  | ({ type: 'config' } & WorkerConfig)
  | { type: 'go'; durationMs: number; lane?: WorkerConfig['lane'] }
  | { type: 'stop' };

let config: WorkerConfig | undefined;
let booted: Awaited<ReturnType<typeof bootClientApp>> | undefined;

process.on('message', (msg: Message) => {
  void handle(msg).catch((err: Error) => {
    process.send?.({ type: 'error', message: err.stack ?? err.message });
    process.exit(1);
  });
});

async function handle(msg: Message): Promise<void> {
  if (msg.type === 'config') {
    config = msg;
    booted = await bootClientApp(msg);
    process.send?.({ type: 'ready' });
    return;
  }
  if (!config || !booted) throw new Error(`${msg.type} before config`);
  if (msg.type === 'stop') {
    await booted.app.close();
    process.exit(0);
  }
  const report = await run({ ...config, lane: msg.lane ?? config.lane }, booted, msg.durationMs);
  process.send?.({ type: 'done', report });
}

async function run(
  cfg: WorkerConfig,
  { client, telemetry }: NonNullable<typeof booted>,
  durationMs: number,
): Promise<WorkerReport> {
  const report: WorkerReport = {
    pid: process.pid,
    calls: 0,
    failures: {},
    rateLimited: 0,
    attempts: 0,
    retriedCalls: 0,
    firstCallAt: 0,
    lastCallAt: 0,
    doneAt: [],
    rateLimitedAt: [],
  };
  telemetry.removeAllListeners('call');
  telemetry.on('call', (e) => {
    report.attempts++;
    if (e.status === 429) {
      report.rateLimited++;
      report.rateLimitedAt.push(Date.now());
    }
  });
  const deadline = Date.now() + durationMs;
  const loop = async () => {
    while (Date.now() < deadline) {
      try {
        const res = await client.get(cfg.path ?? PATHS.objects('contacts'), {
          query: { limit: 1 },
          lane: cfg.lane ?? 'live',
        });
        const now = Date.now();
        report.firstCallAt ||= now;
        report.lastCallAt = now;
        report.doneAt.push(now);
        report.calls++;
        if (res.attempts > 1) report.retriedCalls++;
      } catch (err) {
        const name = err instanceof HubspotError ? `${err.name}:${err.status ?? ''}` : String(err);
        report.failures[name] = (report.failures[name] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: cfg.concurrency }, loop));
  return report;
}
