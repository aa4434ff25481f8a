#!/usr/bin/env node
/**
 * `npm run smoke`: builds the library, then boots it in a Nest 11 host (this repo's node_modules) and in a
 * Nest 12 host (installed with npm into a temp dir outside the repo, library installed from its packed
 * tarball), each against real MySQL/MariaDB + Redis and the emulator. Plain Node, no Jest.
 * Options: --skip-build, --only=11|12. Needs the npm registry for the Nest 12 install (cached between runs).
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const mysql = require('mysql2/promise');

const root = path.resolve(__dirname, '../..');
const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.split('=')[1];
const db = {
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 3306),
  user: process.env.DB_USER ?? 'root',
  password: process.env.DB_PASSWORD ?? '',
};
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NEST12_DEPS = [
  '@nestjs/common@^12',
  '@nestjs/core@^12',
  '@nestjs/bull@^12',
  '@nestjs/typeorm@^12',
  '@nestjs/schedule@^12',
  '@nestjs/swagger@^12',
  'bull@^4',
  'typeorm@^1',
  'mysql2@^3',
  'reflect-metadata@^0.2',
  'rxjs@^7',
  'class-validator@^0.15',
  'class-transformer@^0.5',
];

async function main() {
  if (!args.includes('--skip-build')) run(process.execPath, [path.join(root, 'scripts/build-lib.js')]);
  for (const file of ['package.json', 'index.js', 'index.d.ts', 'README.md']) {
    if (!fs.existsSync(path.join(root, 'dist/libs/hubspot', file)))
      throw new Error(`dist/libs/hubspot/${file} missing`);
  }
  const emulator = await startEmulator();
  const results = [];
  try {
    if (only !== '12')
      results.push(await smoke('11', [path.join(__dirname, 'nest11.js')], root, emulator.url));
    if (only !== '11') {
      const dir = prepareNest12();
      results.push(await smoke('12', [path.join(dir, 'nest12.mjs')], dir, emulator.url));
    }
  } finally {
    emulator.child.kill('SIGTERM');
  }
  console.log(JSON.stringify({ smoke: 'ok', results }));
}

async function smoke(major, argv, cwd, baseUrl) {
  const database = `hubspot_smoke_nest${major}`;
  const conn = await mysql.createConnection(db);
  await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await conn.query(`CREATE DATABASE \`${database}\``);
  const auth = db.password ? `${db.user}:${encodeURIComponent(db.password)}` : db.user;
  const env = {
    databaseUrl: `mysql://${auth}@${db.host}:${db.port}/${database}`,
    redisUrl,
    baseUrl,
    token: 'emulator-token',
    portalId: 123456,
    keyPrefix: `smoke-nest${major}-${process.pid}`,
  };
  try {
    console.log(`smoke: Nest ${major} host...`);
    const out = run(process.execPath, argv, { cwd, env: { ...process.env, SMOKE_ENV: JSON.stringify(env) } });
    return JSON.parse(out.trim().split('\n').pop());
  } finally {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await conn.end();
  }
}

function prepareNest12() {
  const dir = path.join(os.tmpdir(), 'hubspot-sync-smoke-nest12');
  fs.mkdirSync(dir, { recursive: true });
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, '{ "name": "smoke-nest12", "private": true }\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = run(npm, [
    'pack',
    path.join(root, 'dist/libs/hubspot'),
    '--pack-destination',
    dir,
    '--silent',
  ]);
  const tarball = path.join(dir, packed.trim().split('\n').pop());
  console.log('smoke: installing Nest 12 and the packed library into', dir);
  run(npm, [
    'install',
    '--prefix',
    dir,
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    ...NEST12_DEPS,
    tarball,
  ]);
  fs.copyFileSync(path.join(__dirname, 'smoke-app.js'), path.join(dir, 'smoke-app.cjs'));
  fs.copyFileSync(path.join(__dirname, 'nest12.mjs'), path.join(dir, 'nest12.mjs'));
  return dir;
}

/** The emulator from this repo's sources (it is not part of the published package). */
function startEmulator() {
  const code =
    "require('@app/hubspot-emulator').startEmulator({ port: 0 }).then((e) => console.log('EMULATOR ' + e.url))";
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', code],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.on('exit', (codeOrNull) => reject(new Error(`emulator exited early (${codeOrNull})`)));
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const match = /EMULATOR (\S+)/.exec(buffer);
      if (match) resolve({ url: match[1], child });
    });
  });
}

function run(command, argv, options = {}) {
  try {
    return execFileSync(command, argv, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      ...options,
    });
  } catch (err) {
    if (err.stdout) process.stdout.write(err.stdout);
    throw new Error(`${path.basename(command)} ${argv.slice(0, 2).join(' ')} failed`);
  }
}

main().catch((err) => {
  console.error('smoke: FAILED:', err.message);
  process.exit(1);
});
