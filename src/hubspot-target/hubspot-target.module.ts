import { Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { appEnvConfig, AppEnvConfig } from '../config/app-env.config';
import {
  EMULATOR_PORTAL_ID,
  EMULATOR_TOKEN,
  EMULATOR_WEBHOOK_SECRET,
  HUBSPOT_TARGET,
  HubspotTarget,
} from './hubspot-target';

async function resolveTarget(env: AppEnvConfig): Promise<HubspotTarget> {
  if (env.HUBSPOT_ACCESS_TOKEN) {
    return {
      baseUrl: env.HUBSPOT_BASE_URL ?? 'https://api.hubapi.com',
      accessToken: env.HUBSPOT_ACCESS_TOKEN,
      portalId: env.HUBSPOT_PORTAL_ID,
      appId: env.HUBSPOT_APP_ID,
      webhookSecret: env.HUBSPOT_WEBHOOK_SECRET,
    };
  }
  // Loaded lazily: a deployment with a real token never loads the emulator.
  const { startEmulator } = await import('@app/hubspot-emulator');
  const emulator = await startEmulator({ port: env.HUBSPOT_EMULATOR_PORT });
  new Logger('HubspotTarget').log(
    `No HUBSPOT_ACCESS_TOKEN: using the embedded HubSpot emulator at ${emulator.url}`,
  );
  const portal = emulator.control.listPortals().find((p) => p.portalId === EMULATOR_PORTAL_ID);
  return {
    baseUrl: emulator.url,
    accessToken: EMULATOR_TOKEN,
    portalId: EMULATOR_PORTAL_ID,
    appId: env.HUBSPOT_APP_ID ?? (portal?.appId as number | undefined),
    webhookSecret: env.HUBSPOT_WEBHOOK_SECRET ?? EMULATOR_WEBHOOK_SECRET,
    embedded: emulator,
  };
}

@Injectable()
class EmbeddedEmulatorCloser implements OnApplicationShutdown {
  constructor(@Inject(HUBSPOT_TARGET) private readonly target: HubspotTarget) {}

  async onApplicationShutdown(): Promise<void> {
    await this.target.embedded?.stop();
  }
}

/** Provides HUBSPOT_TARGET: the real HubSpot when a token is configured, else an in-process emulator. */
@Module({
  providers: [
    { provide: HUBSPOT_TARGET, inject: [appEnvConfig.KEY], useFactory: resolveTarget },
    EmbeddedEmulatorCloser,
  ],
  exports: [HUBSPOT_TARGET],
})
export class HubspotTargetModule {}
