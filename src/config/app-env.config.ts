import { ConfigType, registerAs } from '@nestjs/config';
import { validateAppEnv } from './app-env';

/** Validated when the application boots (not at import), so a bad variable stops the app with a clear message. */
export const appEnvConfig = registerAs('appEnv', () => validateAppEnv(process.env));
export type AppEnvConfig = ConfigType<typeof appEnvConfig>;
