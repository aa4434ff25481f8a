#!/usr/bin/env node
/**
 * `npm run smoke`: the package README, tested. Builds and packs the library, then in fresh temp folders outside
 * the repository builds the apps the README describes, installing with its lines (the packed tarball in place
 * of the package name):
 *   nest11   a Nest 11 app (CommonJS, Jest): the README's files, compiled, booted, signed up into; its own Jest test
 *   nest12   a Nest 12 app (ESM): the same files, compiled, booted, signed up into
 *   minimal  a Nest 11 app from the minimal line (no optional peer): hosts/minimal/check.cjs
 * Each app gets its own database and a brand-new emulator portal (no custom properties). Prints one JSON line.
 * Options: --skip-build, --only=nest11,nest12,minimal, --keep (leave the apps in the temp folder).
 * Needs MySQL/MariaDB, Redis and the npm registry (npm's cache makes repeated runs quick).
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const mysql = require('mysql2/promise');
const Redis = require('ioredis');
const { readSmokeBlocks } = require('./readme');
const { checkApp } = require('./app-checks');

const root = path.resolve(__dirname, '../..');
const PACKAGE = 'nestjs-hubspot-sync';
const args = process.argv.slice(2);
const only = args
  .find((a) => a.startsWith('--only='))
  ?.split('=')[1]
  .split(',');
const workRoot = path.join(os.tmpdir(), 'hubspot-sync-smoke');
const db = {
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 3306),
  user: process.env.DB_USER ?? 'root',
  password: process.env.DB_PASSWORD ?? '',
};
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** What each app is built from and what is checked in it. */
const HOSTS = {
  nest11: {
    template: 'nest11',
    install: 'nest11',
    tsconfig: 'tsconfig.build.json',
    jest: true,
    stackTrace: true,
  },
  nest12: { template: 'nest12', install: 'nest12', tsconfig: 'tsconfig.json' },
  minimal: { template: 'minimal', install: 'nest11-minimal', script: 'check.cjs' },
};

async function main() {
  const started = Date.now();
  const readme = readSmokeBlocks(path.join(root, 'libs/hubspot/README.md'));
  sameInstallLines(readme, readSmokeBlocks(path.join(root, 'README.md')));
  if (!args.includes('--skip-build')) run(process.execPath, [path.join(root, 'scripts/build-lib.js')]);
  fs.mkdirSync(workRoot, { recursive: true });
  const tarball = pack();
  const emulator = await startEmulator();
  const results = [];
  try {
    for (const [name, host] of Object.entries(HOSTS)) {
      if (only && !only.includes(name)) continue;
      results.push(await smokeHost(name, host, readme, tarball, emulator.url));
    }
  } finally {
    emulator.child.kill('SIGTERM');
  }
  console.log(JSON.stringify({ smoke: 'ok', seconds: Math.round((Date.now() - started) / 1000), results }));
}

/** README.md repeats the package README's install lines; they must not drift apart. */
function sameInstallLines(pkg, repo) {
  for (const [name, line] of Object.entries(repo.installs)) {
    if (pkg.installs[name]?.join(' ') !== line.join(' ')) {
      throw new Error(`README.md and libs/hubspot/README.md disagree on the ${name} install line`);
    }
  }
}

function pack() {
  for (const old of fs.readdirSync(workRoot).filter((f) => f.endsWith('.tgz')))
    fs.rmSync(path.join(workRoot, old));
  const out = run('npm', [
    'pack',
    path.join(root, 'dist/libs/hubspot'),
    '--pack-destination',
    workRoot,
    '--silent',
  ]);
  return path.join(workRoot, out.trim().split('\n').pop());
}

async function smokeHost(name, host, readme, tarball, emulatorUrl) {
  const started = Date.now();
  const dir = path.join(workRoot, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(__dirname, 'hosts', host.template), dir, { recursive: true });
  const line = readme.installs[host.install];
  if (!line) throw new Error(`libs/hubspot/README.md has no smoke:install ${host.install} line`);
  console.log(`smoke: ${name}: installing the app, then: npm install ${line.join(' ')}`);
  npmInstall(dir, []);
  npmInstall(
    dir,
    line.map((word) => (word === PACKAGE ? tarball : word)),
  );

  const portal = await freshPortal(emulatorUrl, name);
  const database = `hs_smoke_${name}_${process.pid}`;
  const keyPrefix = `smoke-${name}-${process.pid}`;
  const databaseUrl = await createDatabase(database);
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: keyPrefix,
    HUBSPOT_ACCESS_TOKEN: portal.token,
    HUBSPOT_BASE_URL: emulatorUrl,
    SMOKE_PORTAL_ID: String(portal.portalId),
    SMOKE_ENV: JSON.stringify({ ...portal, databaseUrl, redisUrl, baseUrl: emulatorUrl, keyPrefix }),
  };
  const result = { host: name, nest: installedVersion(dir, '@nestjs/core'), install: line.join(' ') };
  try {
    if (host.script) {
      console.log(`smoke: ${name}: ${host.script}`);
      result.checks = JSON.parse(lastLine(run(process.execPath, [host.script], { cwd: dir, env })));
    } else {
      for (const [file, content] of Object.entries(readme.files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
      }
      console.log(`smoke: ${name}: compiling the README's ${Object.keys(readme.files).length} files`);
      run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', host.tsconfig], { cwd: dir });
      result.app = await checkApp({ dir, env, port: await freePort(), emulatorUrl, portal, databaseUrl });
      if (host.jest) {
        console.log(`smoke: ${name}: the app's own Jest test`);
        run(process.execPath, ['node_modules/jest/bin/jest.js', '--runInBand'], { cwd: dir, env });
        result.jest = 'passed';
      }
      if (host.stackTrace) result.stackTrace = stackTraceInPackage(dir);
    }
  } finally {
    await dropDatabase(database);
    await deleteKeys(keyPrefix);
    if (!args.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
  }
  result.seconds = Math.round((Date.now() - started) / 1000);
  console.log(`smoke: ${name}: ok in ${result.seconds} s`);
  return result;
}

// A registry request that stalls is given up after a minute and retried, rather than holding CI for npm's 5 minutes.
const NPM_NETWORK = ['--fetch-timeout=60000', '--fetch-retries=5'];

function npmInstall(dir, packages) {
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...NPM_NETWORK,
      ...packages,
    ],
    {
      cwd: dir,
    },
  );
}

function installedVersion(dir, name) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** A portal created for this app alone: HubSpot's own properties, none of the module's or the app's. */
async function freshPortal(emulatorUrl, name) {
  const portalId = 700_000 + (process.pid % 10_000) * 10 + Object.keys(HOSTS).indexOf(name);
  const token = `pat-smoke-${name}-${process.pid}`;
  const created = await fetch(`${emulatorUrl}/__emulator/portals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ portalId, tokens: [token] }),
  });
  if (!created.ok) throw new Error(`emulator: creating portal ${portalId} answered ${created.status}`);
  const props = await fetch(`${emulatorUrl}/crm/v3/properties/contacts`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const names = (await props.json()).results.map((p) => p.name);
  for (const custom of ['app_user_id', 'plan', 'churned']) {
    if (names.includes(custom)) throw new Error(`portal ${portalId} is not fresh: it has ${custom}`);
  }
  return { portalId, token };
}

/** Node prints a stack trace from inside the package with paths inside the package (its shipped src/). */
function stackTraceInPackage(dir) {
  let stderr = '';
  try {
    execFileSync(
      process.execPath,
      ['--enable-source-maps', '-e', `require('${PACKAGE}/testing').resolveHubspotConfig({})`],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (err) {
    stderr = String(err.stderr);
  }
  const frame = stderr.split('\n').find((l) => l.includes('hubspot.config'));
  const inside = path.join('node_modules', PACKAGE, 'src', 'config', 'hubspot.config.ts');
  if (!frame?.includes(inside))
    throw new Error(`stack trace does not resolve inside the package:\n${stderr}`);
  return frame.trim().replace(dir, '<app>');
}

async function createDatabase(database) {
  const conn = await mysql.createConnection(db);
  await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await conn.query(`CREATE DATABASE \`${database}\``);
  await conn.end();
  const auth = db.password ? `${db.user}:${encodeURIComponent(db.password)}` : db.user;
  return `mysql://${auth}@${db.host}:${db.port}/${database}`;
}

async function dropDatabase(database) {
  const conn = await mysql.createConnection(db);
  await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await conn.end();
}

async function deleteKeys(prefix) {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The emulator from this repository's sources (it is not part of the published package). */
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

function lastLine(text) {
  return text.trim().split('\n').pop();
}

function run(command, argv, options = {}) {
  try {
    return execFileSync(command, argv, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      timeout: 10 * 60_000,
      ...options,
    });
  } catch (err) {
    if (err.stdout) process.stdout.write(err.stdout);
    if (err.stderr) process.stderr.write(err.stderr);
    throw new Error(`${path.basename(command)} ${argv.slice(0, 3).join(' ')} failed`);
  }
}

main().catch((err) => {
  console.error('smoke: FAILED:', err.message);
  process.exit(1);
});
