import { DynamicModule, Type } from '@nestjs/common';
import { Command, CommanderError, Option } from 'commander';
import { BackfillService } from '../runs/backfill/backfill.service';
import { ReconciliationService } from '../runs/reconciliation/reconciliation.service';
import { SyncRunStatus } from '../runs/sync-run.types';
import { SyncRunsControl } from '../runs/sync-runs.control';
import { runsTable, runSummary } from './cli-format';
import { CliContext, HubspotCliIo, parseId, positiveInt } from './cli-context';
import { deadLettersCommand } from './dead-letters.command';

export type { HubspotCliIo } from './cli-context';

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
  const ctx = new CliContext(appModule, io);
  const get = <T>(type: Type<T>) => ctx.get(type);
  const print = (text: string) => ctx.print(text);
  const finish = (view: Parameters<CliContext['finish']>[0], detach: boolean) => ctx.finish(view, detach);

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

  deadLettersCommand(program, ctx);

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      ctx.exitCode = err.exitCode;
    } else {
      io.err.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      ctx.exitCode = 1;
    }
  } finally {
    await ctx.close();
  }
  return ctx.exitCode;
}
