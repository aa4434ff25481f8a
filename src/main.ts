import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startApp } from './bootstrap';

async function main(): Promise<void> {
  const { url, target } = await startApp();
  const logger = new Logger('Main');
  logger.log(
    `Listening on ${url} (HubSpot: ${target.embedded ? `embedded emulator ${target.baseUrl}` : target.baseUrl})`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
