import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { HubspotError } from '../../errors';

/** Repeats of one failure within this window are counted into one follow-up line. */
const REPEAT_WINDOW_MS = 5_000;

/**
 * Logs a queue's failed jobs with their reason, so a job that Bull retries never fails silently. A HubSpot
 * error with attempts left is a warning; a last attempt or an unexpected error (a bug, a missing table) is an
 * error. When a whole batch fails for one reason, the first job is logged and the rest are counted.
 */
export class JobFailureLog {
  private readonly repeats = new Map<string, { count: number; timer: NodeJS.Timeout; line: string }>();

  constructor(private readonly logger: Logger) {}

  record(job: Job, error: Error | undefined): void {
    const reason = error?.message ?? 'unknown reason';
    const attempts = job.opts.attempts ?? 1;
    const last = job.attemptsMade >= attempts;
    const severe = last || !(error instanceof HubspotError);
    const key = `${severe}|${job.name}|${reason}`;
    const repeat = this.repeats.get(key);
    if (repeat) {
      repeat.count++;
      return;
    }
    const retry = last ? 'no attempt left' : 'will retry';
    this.write(
      severe,
      `${job.name} job ${job.id} failed (attempt ${job.attemptsMade} of ${attempts}, ${retry}): ${reason}`,
    );
    const timer = setTimeout(() => this.summarise(key, severe), REPEAT_WINDOW_MS);
    timer.unref();
    this.repeats.set(key, { count: 0, timer, line: `${job.name} job(s) failed the same way: ${reason}` });
  }

  /** Writes what is still being counted (on shutdown). */
  flush(): void {
    for (const [key, repeat] of [...this.repeats]) {
      clearTimeout(repeat.timer);
      this.summarise(key, key.startsWith('true'));
    }
  }

  private summarise(key: string, severe: boolean): void {
    const repeat = this.repeats.get(key);
    this.repeats.delete(key);
    if (repeat?.count) this.write(severe, `... and ${repeat.count} more ${repeat.line}`);
  }

  private write(severe: boolean, line: string): void {
    if (severe) this.logger.error(line);
    else this.logger.warn(line);
  }
}
