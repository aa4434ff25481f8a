import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A local Redis Cluster of masters only, started from the `redis-server` binary (Debian's redis-server package). */
export interface LocalRedisCluster {
  nodes: Array<{ host: string; port: number }>;
  /** Keys each master holds (to show the data is spread). */
  keysPerNode(): Promise<number[]>;
  stop(): Promise<void>;
}

export async function startRedisCluster(masters = 3): Promise<LocalRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'hubspot-cluster-'));
  const ports = await freeClusterPorts(masters);
  const servers: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => stopProcess(s)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      // prettier-ignore
      const args = [
        '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
        '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000',
        '--appendonly', 'no', '--save', '', '--dir', dir, '--daemonize', 'no', '--logfile', '',
      ];
      servers.push(spawn('redis-server', args, { stdio: 'ignore' }));
    }
    for (const port of ports) await until(async () => (await cli(port, 'ping')) === 'PONG', `node ${port}`);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    for (const port of ports)
      await until(
        async () => (await cli(port, 'cluster', 'info')).includes('cluster_state:ok'),
        `cluster ${port}`,
      );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
    keysPerNode: () => Promise.all(ports.map(async (p) => Number(await cli(p, 'dbsize')))),
    stop,
  };
}

async function cli(port: number, ...args: string[]): Promise<string> {
  try {
    return (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args])).stdout.trim();
  } catch {
    return '';
  }
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Redis Cluster: ${what} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Ports p where p and its cluster bus port p + 10000 are both free. */
async function freeClusterPorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (ports.includes(port)) continue;
    if ((await isFree(port)) && (await isFree(port + 10_000))) ports.push(port);
  }
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
