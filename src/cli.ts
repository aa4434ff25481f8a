import 'reflect-metadata';
import { runHubspotCli } from '@app/hubspot';
import { AppModule } from './app.module';

/**
 * Operators' entry: `npm run hubspot -- backfill --dry-run`, `reconcile --incremental`, `runs`,
 * `dead-letters replay --all`, ... (see `npm run hubspot -- --help`). Boots the app's own module as an
 * application context, so it uses the app's database, Redis and HubSpot configuration.
 */
runHubspotCli(AppModule, process.argv)
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
