import { Logger } from '@nestjs/common';
import { startEmulator } from './emulator';

/**
 * `npm run emulator`. Environment: HUBSPOT_EMULATOR_PORT (default 4010), HUBSPOT_EMULATOR_HOST (default
 * 127.0.0.1: loopback only; set 0.0.0.0 to expose it), HUBSPOT_EMULATOR_TIME_SCALE, and
 * HUBSPOT_EMULATOR_CONTROL_TOKEN (when set, /__emulator/* needs header X-Emulator-Control-Token).
 */
async function main(): Promise<void> {
  const logger = new Logger('HubspotEmulator');
  const port = Number(process.env.HUBSPOT_EMULATOR_PORT ?? 4010);
  const host = process.env.HUBSPOT_EMULATOR_HOST || '127.0.0.1';
  const timeScale = process.env.HUBSPOT_EMULATOR_TIME_SCALE
    ? Number(process.env.HUBSPOT_EMULATOR_TIME_SCALE)
    : undefined;
  const controlToken = process.env.HUBSPOT_EMULATOR_CONTROL_TOKEN || undefined;
  const emu = await startEmulator({ port, host, timeScale, controlToken });
  logger.log(
    `HubSpot emulator listening on ${emu.url} (bound to ${host}; portal 123456, token 'emulator-token'; ` +
      `control API at /__emulator${controlToken ? ', token required' : ', unprotected'})`,
  );
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1' && !controlToken) {
    logger.warn(
      `Bound to ${host} without HUBSPOT_EMULATOR_CONTROL_TOKEN: anyone who can reach this port can reset or rewrite its data`,
    );
  }
  if (process.send) process.send({ url: emu.url, port: emu.port, host: emu.host });
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
