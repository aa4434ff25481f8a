import { EmulatorStats, PortalOptions } from '@app/hubspot-emulator';
import { fork } from 'node:child_process';
import { join } from 'node:path';

/** An emulator in its own process, driven through its control API (`/__emulator/*`). */
export interface EmulatorProcess {
  url: string;
  stats(): Promise<EmulatorStats>;
  /** Every stored record of a type, archived ones included. */
  objects(
    portalId: number,
    objectType: string,
  ): Promise<Array<{ id: string; properties: Record<string, string | null> }>>;
  stop(): Promise<void>;
}

/** The emulator in its own process (its CPU is not the app's, as with the real HubSpot), with no portal yet. */
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

/** A forked emulator with one portal. */
export async function emulatorProcess(portal: PortalOptions): Promise<EmulatorProcess> {
  const { url, stop } = await forkEmulator();
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}/__emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as T;
  };
  await control('POST', 'portals', portal);
  return {
    url,
    stats: () => control<EmulatorStats>('GET', 'stats'),
    objects: (portalId, objectType) => control('GET', `objects/${portalId}/${objectType}`),
    stop,
  };
}
