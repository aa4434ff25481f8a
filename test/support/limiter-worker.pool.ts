import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { WorkerConfig, WorkerReport } from './limiter-worker';

/** Forks limiter workers (ts-node, transpile only) and drives them through config -> go -> done. */
export class LimiterWorkerPool {
  private readonly children: ChildProcess[] = [];

  async start(configs: WorkerConfig[]): Promise<void> {
    await Promise.all(configs.map((cfg) => this.spawn(cfg)));
  }

  /** Starts every worker at once and collects their reports (workers stay up for another run). */
  run(durationMs: number, lane?: WorkerConfig['lane']): Promise<WorkerReport[]> {
    return Promise.all(
      this.children.map(
        (child) =>
          new Promise<WorkerReport>((resolve, reject) => {
            const onExit = (code: number | null) => reject(new Error(`worker exited with ${code}`));
            const onMessage = (m: { type: string; report?: WorkerReport; message?: string }) => {
              if (m.type !== 'done' && m.type !== 'error') return;
              child.off('message', onMessage);
              child.off('exit', onExit);
              if (m.type === 'done') resolve(m.report!);
              else reject(new Error(m.message));
            };
            child.on('message', onMessage);
            child.once('exit', onExit);
            child.send({ type: 'go', durationMs, lane });
          }),
      ),
    );
  }

  /** Asks every worker to close its app and exit; kills any that has not after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            if (child.connected) child.send({ type: 'stop' });
            else child.kill();
          }),
      ),
    );
    this.children.length = 0;
  }

  private spawn(cfg: WorkerConfig): Promise<void> {
    const child = fork(join(__dirname, 'limiter-worker.ts'), [], {
      execArgv: ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register'],
      env: {
        ...process.env,
        TS_NODE_TRANSPILE_ONLY: '1',
        TS_NODE_PROJECT: join(__dirname, '..', '..', 'tsconfig.json'),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.children.push(child);
    return new Promise((resolve, reject) => {
      const onMessage = (m: { type: string; message?: string }) => {
        if (m.type === 'ready') {
          child.off('message', onMessage);
          resolve();
        } else if (m.type === 'error') reject(new Error(m.message));
      };
      const onExit = (code: number | null) => reject(new Error(`worker exited early with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.once('message', () => child.off('exit', onExit));
      child.send({ type: 'config', ...cfg });
    });
  }
}
