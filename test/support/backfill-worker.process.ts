import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { BackfillAppEnv } from './backfill-worker-app';

/** A forked backfill worker (ts-node, transpile only); keeps its output to show when a test fails. */
export class BackfillWorkerProcess {
  private child?: ChildProcess;
  readonly output: string[] = [];

  /** `entry`: a pre-built JS worker (see buildBackfillWorker); default: the TS source through ts-node. */
  constructor(
    private readonly env: BackfillAppEnv,
    private readonly entry?: string,
  ) {}

  /** Starts the worker and resolves once its app is initialised (queue processors running). */
  start(): Promise<void> {
    const child = fork(this.entry ?? join(__dirname, 'backfill-worker.ts'), [], {
      execArgv: this.entry ? [] : ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register'],
      env: {
        ...process.env,
        BF_ENV: JSON.stringify(this.env),
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
    child.stderr!.on('data', keep);
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        keep(chunk);
        if (chunk.toString().includes('worker ready')) resolve();
      });
      child.once('exit', (code, signal) => reject(new Error(`worker exited early (${code ?? signal})`)));
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** SIGKILL: no shutdown hooks, no lease release: exactly a crashed pod. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** SIGTERM: graceful shutdown. */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  private signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill(sig);
    });
  }
}
