import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { AppLogger } from './common/app-logger';
import { validateAppEnv } from './config/app-env';
import { appEnvConfig, AppEnvConfig } from './config/app-env.config';
import { connectEmulatorWebhooks } from './hubspot-target/emulator-webhooks';
import { HUBSPOT_TARGET, HubspotTarget } from './hubspot-target/hubspot-target';

export interface StartedApp {
  app: INestApplication;
  url: string;
  target: HubspotTarget;
}

/** Builds the HTTP app as `npm start`, the demo and the host e2e suites run it. */
export async function createApp(): Promise<NestExpressApplication> {
  // Validated here too so that the boot itself logs at the configured level (and a bad env fails first).
  const logger = new AppLogger({ logLevels: levelsFrom(validateAppEnv(process.env).LOG_LEVEL) });
  // rawBody: the webhooks route verifies HubSpot's signature over the exact bytes.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    rawBody: true,
    logger,
    abortOnError: false,
  });
  const env = app.get<AppEnvConfig>(appEnvConfig.KEY);
  const target = app.get<HubspotTarget>(HUBSPOT_TARGET);
  logger.addSecrets(
    env.HUBSPOT_ACCESS_TOKEN,
    env.HUBSPOT_WEBHOOK_SECRET,
    env.HUBSPOT_ADMIN_TOKEN,
    env.APP_API_TOKEN,
    target.accessToken,
  );
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  app.enableShutdownHooks();
  return app;
}

/** Listens on PORT (0 = any free port) and, with the embedded emulator, points its webhooks at this app. */
export async function startApp(options: { port?: number; host?: string } = {}): Promise<StartedApp> {
  const app = await createApp();
  const env = app.get<AppEnvConfig>(appEnvConfig.KEY);
  await app.listen(options.port ?? env.PORT, options.host ?? '0.0.0.0');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const target = app.get<HubspotTarget>(HUBSPOT_TARGET);
  await connectEmulatorWebhooks(target, url);
  return { app, url, target };
}

function levelsFrom(level: AppEnvConfig['LOG_LEVEL']) {
  const order = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}
