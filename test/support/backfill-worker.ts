import 'reflect-metadata';
import { BackfillAppEnv, createBackfillApp } from './backfill-worker-app';

/**
 * A worker process for the backfill e2e: boots the app with queue processors on and works runs until it is
 * killed (SIGKILL, by the test) or asked to stop (SIGTERM: graceful shutdown).
 */
async function main(): Promise<void> {
  const env = JSON.parse(process.env.BF_ENV ?? '{}') as BackfillAppEnv;
  const app = await createBackfillApp({ ...env, worker: true, migrate: false });
  process.stdout.write('worker ready\n');
  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
