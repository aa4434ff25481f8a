import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { TenantAppEnv } from './tenant-app';
import type { TenantWorkerMessage } from './tenant-worker';

/** A forked tenant worker (pre-built JS, or the TS source through ts-node); relays its reports to `onMessage`. */
export class TenantWorkerProcess {
  private child?: ChildProcess;
  readonly output: string[] = [];

  constructor(
    private readonly env: TenantAppEnv,
    private readonly onMessage: (m: TenantWorkerMessage) => void,
    private readonly entry?: string,
    private readonly watchPortal?: number,
  ) {}

  /** Starts the worker and resolves once its dispatcher runs. */
  start(): Promise<void> {
    const child = fork(this.entry ?? join(__dirname, 'tenant-worker.ts'), [], {
      execArgv: this.entry ? [] : ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register'],
      env: {
        ...process.env,
        TENANT_ENV: JSON.stringify(this.env),
        TENANT_WATCH_PORTAL: this.watchPortal === undefined ? '' : String(this.watchPortal),
        TS_NODE_TRANSPILE_ONLY: '1',
        TS_NODE_PROJECT: join(__dirname, '..', '..', 'tsconfig.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.output.length > 400) this.output.splice(0, this.output.length - 400);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.on('message', (m: TenantWorkerMessage) => this.onMessage(m));
    return new Promise((resolve, reject) => {
      child.on('message', (m: TenantWorkerMessage) => m.type === 'ready' && resolve());
      child.once('exit', (code, signal) =>
        reject(
          new Error(`tenant worker exited early (${code ?? signal}): ${this.output.slice(-20).join('\n')}`),
        ),
      );
    });
  }

  /** SIGKILL: no shutdown hooks, leases left behind: exactly a crashed pod. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** SIGTERM: graceful shutdown (running batches settle). */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  private signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill(sig);
    });
  }
}
