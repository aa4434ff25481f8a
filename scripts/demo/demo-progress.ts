import type { SyncRunView } from '@app/hubspot';
import { SingleBar, Presets } from 'cli-progress';
import { DemoHttp, waitUntil } from './demo-http';

/** A run as the admin API returns it (dates as strings). */
export type RunView = Omit<SyncRunView, 'createdAt' | 'startedAt' | 'finishedAt' | 'parkedUntil'>;

const FINAL = ['completed', 'failed', 'cancelled'];

/** Follows a run through the admin API with a progress bar until it finishes. */
export async function followRun(
  http: DemoHttp,
  run: RunView,
  label: string,
  timeoutMs: number,
): Promise<RunView> {
  const bar = new SingleBar(
    {
      format: `  ${label.padEnd(15)} [{bar}] {percentage}% | {value}/{total} | {phase} | {rate}/s`,
      hideCursor: true,
      // Without a TTY (CI logs) print a line every second instead of redrawing one.
      noTTYOutput: true,
      notTTYSchedule: 1000,
      stream: process.stdout,
    },
    Presets.shades_classic,
  );
  bar.start(Math.max(run.total, 1), 0, { phase: run.phase ?? 'queued', rate: '-' });
  try {
    return await waitUntil(
      `${label} run ${run.id}`,
      async () => {
        const view = await http.admin<RunView>('GET', `/runs/${run.id}`);
        bar.setTotal(Math.max(view.total, view.processed, 1));
        bar.update(view.processed, { phase: view.phase ?? view.status, rate: view.ratePerSecond ?? '-' });
        return FINAL.includes(view.status) ? view : undefined;
      },
      timeoutMs,
      200,
    );
  } finally {
    bar.stop();
  }
}
