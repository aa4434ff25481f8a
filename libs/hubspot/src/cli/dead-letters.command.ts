import { Command, Option } from 'commander';
import { DeadLettersService } from '../engine/dead-letters/dead-letters.service';
import { deadLettersTable } from './cli-format';
import { CliContext, parseId, positiveInt } from './cli-context';

/** `dead-letters [list]`, `dead-letters replay <id>`, `dead-letters replay --all [--portal <id>]`. */
export function deadLettersCommand(program: Command, ctx: CliContext): void {
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
      if (action === 'list') {
        const page = await (
          await ctx.get(DeadLettersService)
        ).list({
          portalId: opts.portal,
          status: opts.status,
          limit: opts.limit,
        });
        ctx.print(deadLettersTable(page.items, page.total));
      } else if (action === 'replay' && id) {
        const replayed = await (await ctx.get(DeadLettersService)).replay(parseId(id));
        ctx.print(
          replayed ? `Dead letter ${id} replayed` : `Dead letter ${id} is unknown or already resolved`,
        );
        if (!replayed) ctx.exitCode = 1;
      } else if (action === 'replay' && opts.all) {
        const count = await (await ctx.get(DeadLettersService)).replayAll({ portalId: opts.portal });
        ctx.print(`${count} dead letters replayed`);
      } else {
        throw new Error('use: dead-letters list | dead-letters replay <id> | dead-letters replay --all');
      }
    });
}
