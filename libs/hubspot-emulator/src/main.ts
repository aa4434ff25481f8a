import { Logger } from '@nestjs/common';
import { startEmulator } from './emulator';

/** `npm run emulator`: HUBSPOT_EMULATOR_PORT (default 4010), HUBSPOT_EMULATOR_HOST (default 0.0.0.0). */
async function main(): Promise<void> {
  const logger = new Logger('HubspotEmulator');
  const port = Number(process.env.HUBSPOT_EMULATOR_PORT ?? 4010);
  const host = process.env.HUBSPOT_EMULATOR_HOST ?? '0.0.0.0';
  const timeScale = process.env.HUBSPOT_EMULATOR_TIME_SCALE
    ? Number(process.env.HUBSPOT_EMULATOR_TIME_SCALE)
    : undefined;
  const emu = await startEmulator({ port, host, timeScale });
  logger.log(
    `HubSpot emulator listening on ${emu.url} (portal 123456, token 'emulator-token'; control API at /__emulator)`,
  );
  if (process.send) process.send({ url: emu.url, port: emu.port });
  const stop = (): void => {
    emu.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
