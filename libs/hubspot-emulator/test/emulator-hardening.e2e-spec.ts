import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { apiClient } from '../testing/emulator-http';

/** The standalone emulator binds loopback by default; the control API can require a token. */
describe('HubSpot emulator: hardening', () => {
  describe('control token', () => {
    let emu: EmulatorHandle;

    beforeAll(async () => {
      emu = await startEmulator({ port: 0, controlToken: 'ctl-secret' });
    });
    afterAll(() => emu.stop());

    it('refuses control calls without the token, accepts them with it, leaves the HubSpot API alone', async () => {
      const anonymous = await apiClient(emu.url)('GET', '/__emulator/stats');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.message).toContain('X-Emulator-Control-Token');
      const wrong = await apiClient(emu.url)('POST', '/__emulator/reset', undefined, {
        'x-emulator-control-token': 'nope',
      });
      expect(wrong.status).toBe(401);
      const ok = await apiClient(emu.url)('GET', '/__emulator/stats', undefined, {
        'x-emulator-control-token': 'ctl-secret',
      });
      expect(ok.status).toBe(200);
      expect((await apiClient(emu.url, 'emulator-token')('GET', '/crm/v3/objects/contacts')).status).toBe(
        200,
      );
      // In-process control needs no token.
      expect(emu.control.stats().total).toBeGreaterThan(0);
    });
  });

  describe('standalone (npm run emulator)', () => {
    let child: ChildProcess | undefined;

    afterEach(async () => {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      });
    });

    async function start(env: Record<string, string>): Promise<{ url: string; host: string }> {
      const main = join(__dirname, '..', 'src', 'main.ts');
      const env0 = { ...process.env };
      delete env0.HUBSPOT_EMULATOR_HOST;
      delete env0.HUBSPOT_EMULATOR_CONTROL_TOKEN;
      child = fork(main, [], {
        execArgv: ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register'],
        env: { ...env0, TS_NODE_TRANSPILE_ONLY: '1', HUBSPOT_EMULATOR_PORT: '0', ...env },
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      });
      const started = child;
      return new Promise<{ url: string; host: string }>((resolve, reject) => {
        started.once('message', (m) => resolve(m as { url: string; host: string }));
        started.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
      });
    }

    it('binds 127.0.0.1 unless HUBSPOT_EMULATOR_HOST says otherwise, and reads the control token from the environment', async () => {
      const { url, host } = await start({ HUBSPOT_EMULATOR_CONTROL_TOKEN: 'env-token' });
      expect(host).toBe('127.0.0.1');
      expect((await fetch(`${url}/__emulator/stats`)).status).toBe(401);
      const ok = await fetch(`${url}/__emulator/stats`, {
        headers: { 'x-emulator-control-token': 'env-token' },
      });
      expect(ok.status).toBe(200);
    });

    it('binds the address HUBSPOT_EMULATOR_HOST names', async () => {
      // Another loopback address: nothing is exposed beyond this machine while the test runs.
      const { url, host } = await start({ HUBSPOT_EMULATOR_HOST: '127.0.0.2' });
      expect(host).toBe('127.0.0.2');
      expect(new URL(url).hostname).toBe('127.0.0.2');
      expect((await fetch(`${url}/__emulator/stats`)).status).toBe(200);
    });
  });
});
