import { fork } from 'node:child_process';
import { join } from 'node:path';

/** The emulator in its own process (its CPU is not the app's, as with the real HubSpot). */
export async function forkEmulator(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = fork(join(__dirname, '..', '..', 'libs/hubspot-emulator/src/main.ts'), [], {
    execArgv: ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register'],
    env: {
      ...process.env,
      TS_NODE_TRANSPILE_ONLY: '1',
      HUBSPOT_EMULATOR_PORT: '0',
      HUBSPOT_EMULATOR_HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string }));
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
