import { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InvalidArgumentError } from 'commander';
import { FINAL_RUN_STATUSES } from '../runs/sync-run.types';
import { SyncRunView } from '../runs/sync-run.view';
import { SyncRunsControl } from '../runs/sync-runs.control';
import { SYNC_RUN_TIMING, SyncRunTiming } from '../runs/sync-run.timing';
import { runSummary } from './cli-format';
import { followRun } from './run-follower';

export interface HubspotCliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/** For option values (commander prints the error and the usage). */
export const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
};

/** For positional ids read inside an action (where commander would not print its own errors). */
export const parseId = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`'${value}' is not an id`);
  return n;
};

/** What commands share: the host's app context (booted on first use), output, the exit code. */
export class CliContext {
  private app?: INestApplicationContext;
  exitCode = 0;

  constructor(
    private readonly appModule: Type | DynamicModule,
    readonly io: HubspotCliIo,
  ) {}

  async get<T>(type: Type<T> | symbol): Promise<T> {
    this.app ??= await NestFactory.createApplicationContext(this.appModule, { logger: ['error', 'warn'] });
    return this.app.get<T>(type as Type<T>, { strict: false });
  }

  print(text: string): void {
    this.io.out.write(`${text}\n`);
  }

  /** Follows a run with the progress bar until it ends (or Ctrl-C), then prints its summary. */
  async finish(view: SyncRunView, detach: boolean): Promise<void> {
    if (detach) {
      this.print(`Run ${view.id} ${view.status}. Follow it with: hubspot follow ${view.id}`);
      return;
    }
    const control = await this.get(SyncRunsControl);
    const timing = await this.get<SyncRunTiming>(SYNC_RUN_TIMING);
    let onSigint: () => void = () => undefined;
    const interrupted = new Promise<void>((resolve) => (onSigint = resolve));
    process.once('SIGINT', onSigint);
    try {
      const last = await followRun({
        view: () => control.view(view.id),
        pollMs: timing.pollMs,
        stream: this.io.err,
        interrupted,
      });
      runSummary(last).forEach((line) => this.print(line));
      if (!FINAL_RUN_STATUSES.includes(last.status)) {
        this.print(
          `Run ${last.id} is ${last.status}; a worker continues it. Follow again: hubspot follow ${last.id}`,
        );
      }
      if (last.status === 'failed' || last.status === 'cancelled') this.exitCode = 1;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  }

  async close(): Promise<void> {
    await this.app?.close();
  }
}
