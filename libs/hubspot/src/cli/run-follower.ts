import { SingleBar } from 'cli-progress';
import { SyncRunView } from '../runs/sync-run.view';
import { FINAL_RUN_STATUSES } from '../runs/sync-run.types';
import { formatDuration } from './cli-format';

export interface FollowOptions {
  /** Reads the run's current state. */
  view: () => Promise<SyncRunView>;
  pollMs: number;
  stream: NodeJS.WritableStream;
  /** Resolves to stop following early (Ctrl-C). */
  interrupted: Promise<void>;
}

/**
 * Draws a live progress bar for a run (processed/total, rate, ETA, calls used) until it completes, fails,
 * is cancelled or paused, or the user interrupts. Outside a terminal it prints a line every few seconds.
 */
export async function followRun(options: FollowOptions): Promise<SyncRunView> {
  const bar = new SingleBar({
    format:
      '{label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {etaText} | calls {calls} | {status}',
    stream: options.stream,
    hideCursor: true,
    barsize: 30,
    noTTYOutput: true,
    notTTYSchedule: 5000,
    etaBuffer: 50,
  });
  let view = await options.view();
  let interrupted = false;
  void options.interrupted.then(() => (interrupted = true));
  bar.start(Math.max(view.total, 1), view.processed, payload(view));
  try {
    while (!interrupted && !FINAL_RUN_STATUSES.includes(view.status) && view.status !== 'paused') {
      await Promise.race([sleep(options.pollMs), options.interrupted]);
      view = await options.view();
      bar.setTotal(Math.max(view.total, view.processed, 1));
      bar.update(view.processed, payload(view));
    }
  } finally {
    bar.stop();
  }
  return view;
}

function payload(view: SyncRunView) {
  const status =
    view.status === 'parked' && view.parkedUntil
      ? `parked until ${view.parkedUntil.toISOString()}`
      : view.resumedCount
        ? `${view.status} (resumed ${view.resumedCount}x)`
        : view.status;
  return {
    label: `run ${view.id} ${view.phase ?? view.kind}`,
    rate: view.ratePerSecond ?? 0,
    etaText: formatDuration(view.etaSeconds),
    calls: view.callsUsed,
    status,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
