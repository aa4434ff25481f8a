import { EmulatorHandle, EmulatorOptions, startEmulator } from '@app/hubspot-emulator';
import { createTestDatabase, dropTestDatabase } from './database';
import { uniquePrefix } from './services';

/** What one e2e suite owns besides its apps: its own database, Redis key prefix and emulator. */
export interface SuiteBackend {
  database: string;
  redisPrefix: string;
  emu: EmulatorHandle;
  /** Stops the emulator and drops the database (close the suite's apps first). */
  stop(): Promise<void>;
}

/** `name` (e.g. 'crm-signups') names the database (hs_crm_signups_<pid>) and the Redis key prefix. */
export async function startSuiteBackend(name: string, emulator: EmulatorOptions): Promise<SuiteBackend> {
  const database = await createTestDatabase(name);
  let emu: EmulatorHandle;
  try {
    emu = await startEmulator(emulator);
  } catch (err) {
    await dropTestDatabase(database);
    throw err;
  }
  return {
    database,
    redisPrefix: uniquePrefix(name),
    emu,
    async stop() {
      await emu.stop();
      await dropTestDatabase(database);
    },
  };
}
