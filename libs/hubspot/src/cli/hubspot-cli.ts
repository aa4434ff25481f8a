import { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DeadLettersService } from '../sync/dead-letters/dead-letters.service';
import { BackfillService } from '../sync/backfill/backfill.service';
import { ReconciliationService } from '../sync/reconciliation/reconciliation.service';
import { FINAL_RUN_STATUSES, SyncRunStatus } from '../sync/runs/sync-run.types';
import { SyncRunView } from '../sync/runs/sync-run.view';
import { SyncRunsControl } from '../sync/runs/sync-runs.control';
import { SYNC_RUN_TIMING, SyncRunTiming } from '../sync/runs/sync-run.timing';
import { deadLettersTable, runsTable, runSummary } from './cli-format';
import { followRun } from './run-follower';

export interface HubspotCliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
};

/** For positional ids read inside an action (where commander would not print its own errors). */
const parseId = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`'${value}' is not an id`);
  return n;
};

/**
 * The operators' CLI over the host's own AppModule (so it uses the host's database, Redis and HubSpot
 * configuration): `backfill [--dry-run] [--kind contacts|companies|all]`, `reconcile [--incremental]`,
 * `runs`, `run <id>`, `follow|pause|resume|cancel <id>`, `dead-letters [list|replay] [id] [--all]`.
 * Starting or resuming a run follows it with a live progress bar unless `--detach`. Returns the exit code.
 */
export async function runHubspotCli(
  appModule: Type | DynamicModule,
  argv: string[] = process.argv,
  io: HubspotCliIo = { out: process.stdout, err: process.stderr },
): Promise<number> {
  let app: INestApplicationContext | undefined;
  const get = async <T>(type: Type<T> | symbol): Promise<T> => {
    app ??= await NestFactory.createApplicationContext(appModule, { logger: ['error', 'warn'] });
    return app.get<T>(type as Type<T>, { strict: false });
  };
  const print = (text: string) => io.out.write(`${text}\n`);
  let exitCode = 0;

  const finish = async (view: SyncRunView, detach: boolean): Promise<void> => {
    if (detach) {
      print(`Run ${view.id} ${view.status}. Follow it with: hubspot follow ${view.id}`);
      return;
    }
    const control = await get(SyncRunsControl);
    const timing = await get<SyncRunTiming>(SYNC_RUN_TIMING);
    let onSigint: () => void = () => undefined;
    const interrupted = new Promise<void>((resolve) => (onSigint = resolve));
    process.once('SIGINT', onSigint);
    try {
      const last = await followRun({
        view: () => control.view(view.id),
        pollMs: timing.pollMs,
        stream: io.err,
        interrupted,
      });
      runSummary(last).forEach(print);
      if (!FINAL_RUN_STATUSES.includes(last.status)) {
        print(
          `Run ${last.id} is ${last.status}; a worker continues it. Follow again with: hubspot follow ${last.id}`,
        );
      }
      if (last.status === 'failed' || last.status === 'cancelled') exitCode = 1;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  };

  const program = new Command('hubspot')
    .description('Operate the HubSpot sync: backfills, reconciliations, runs and dead letters')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) });

  program
    .command('backfill')
    .description('Backfill the local sources into HubSpot (companies, contacts, associations)')
    .option('--dry-run', 'count creates/updates/unchanged and the API cost; write nothing', false)
    .addOption(
      new Option('--kind <kind>', 'what to backfill')
        .choices(['contacts', 'companies', 'all'])
        .default('all'),
    )
    .option('--portal <id>', 'portal id (default: the default portal)', positiveInt)
    .option('--batch-size <n>', 'records per batch call (max 100)', positiveInt)
    .option('--detach', 'start and return without following', false)
    .action(async (opts) => {
      const view = await (
        await get(BackfillService)
      ).start({
        kind: opts.kind,
        dryRun: opts.dryRun,
        portalId: opts.portal,
        batchSize: opts.batchSize,
        requestedBy: 'cli',
      });
      await finish(view, opts.detach);
    });

  program
    .command('reconcile')
    .description('Find and repair drift between the local sources and HubSpot')
    .option('--incremental', 'only records HubSpot changed since the last reconciliation')
    .option('--full', 'check every record (overrides the configured default)')
    .addOption(
      new Option('--kind <kind>', 'what to check').choices(['contacts', 'companies', 'all']).default('all'),
    )
    .option('--portal <id>', 'portal id', positiveInt)
    .option('--detach', 'start and return without following', false)
    .action(async (opts) => {
      const view = await (
        await get(ReconciliationService)
      ).start({
        incremental: opts.full ? false : opts.incremental,
        kind: opts.kind,
        portalId: opts.portal,
        requestedBy: 'cli',
      });
      await finish(view, opts.detach);
    });

  program
    .command('runs')
    .description('List runs with progress and ETA')
    .option('--portal <id>', 'only this portal', positiveInt)
    .addOption(new Option('--kind <kind>').choices(['backfill', 'reconcile']))
    .option('--status <status>', 'only runs in this status')
    .option('--limit <n>', 'how many (newest first)', positiveInt, 20)
    .action(async (opts) => {
      const runs = await (
        await get(SyncRunsControl)
      ).list({
        portalId: opts.portal,
        kind: opts.kind,
        status: opts.status as SyncRunStatus | undefined,
        limit: opts.limit,
      });
      print(runsTable(runs));
    });

  program
    .command('run <id>')
    .description('Show one run and its report')
    .action(async (id: string) => {
      runSummary(await (await get(SyncRunsControl)).view(parseId(id))).forEach(print);
    });

  program
    .command('follow <id>')
    .description('Follow a run with a live progress bar')
    .action(async (id: string) => finish(await (await get(SyncRunsControl)).view(parseId(id)), false));

  for (const action of ['pause', 'resume', 'cancel'] as const) {
    program
      .command(`${action} <id>`)
      .description(`${action[0].toUpperCase()}${action.slice(1)} a run`)
      .option('--detach', 'do not follow a resumed run', false)
      .action(async (id: string, opts: { detach: boolean }) => {
        const view = await (await get(SyncRunsControl))[action](parseId(id));
        if (action === 'resume') await finish(view, opts.detach);
        else print(`Run ${view.id} is ${view.status}`);
      });
  }

  program
    .command('dead-letters')
    .description('List dead letters, or replay one (by id) or all open ones (--all)')
    .argument('[action]', 'list | replay', 'list')
    .argument('[id]', 'dead letter id (replay)')
    .option('--all', 'replay every open dead letter (with --portal: of that portal)', false)
    .option('--portal <id>', 'only this portal', positiveInt)
    .addOption(new Option('--status <status>').choices(['open', 'replaying', 'resolved']))
    .option('--limit <n>', 'how many', positiveInt, 50)
    .action(async (action: string, id: string | undefined, opts) => {
      const deadLetters = await get(DeadLettersService);
      if (action === 'list') {
        const page = await deadLetters.list({
          portalId: opts.portal,
          status: opts.status,
          limit: opts.limit,
        });
        print(deadLettersTable(page.items, page.total));
      } else if (action === 'replay' && id) {
        const replayed = await deadLetters.replay(parseId(id));
        print(replayed ? `Dead letter ${id} replayed` : `Dead letter ${id} is unknown or already resolved`);
        if (!replayed) exitCode = 1;
      } else if (action === 'replay' && opts.all) {
        print(`${await deadLetters.replayAll({ portalId: opts.portal })} dead letters replayed`);
      } else {
        throw new Error('use: dead-letters list | dead-letters replay <id> | dead-letters replay --all');
      }
    });

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      exitCode = err.exitCode;
    } else {
      io.err.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      exitCode = 1;
    }
  } finally {
    await app?.close();
  }
  return exitCode;
}
