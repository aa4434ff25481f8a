#!/usr/bin/env node
/**
 * Builds the publishable library: compiles libs/hubspot to dist/libs/hubspot (CommonJS + .d.ts, with source and
 * declaration maps), ships its TypeScript sources under src/ with every map pointing there (so stack traces and
 * go-to-definition stay inside the package), writes its package.json from libs/hubspot/package.json with
 * dependency versions and the repository taken from the root package.json, copies its README, docs/ and the console's browser assets, and
 * fails if the compiled code requires a package the manifest does not declare, if a map points outside the
 * package, or if a doc comment names a docs/ file the package does not ship.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const root = path.resolve(__dirname, '..');
const libDir = path.join(root, 'libs/hubspot');
const outDir = path.join(root, 'dist/libs/hubspot');

fs.rmSync(outDir, { recursive: true, force: true });
try {
  execFileSync(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '-p',
      path.join(libDir, 'tsconfig.lib.json'),
      '--incremental',
      'false',
      '--rootDir',
      path.join(libDir, 'src'),
      '--outDir',
      outDir,
      '--declarationMap',
      'true',
    ],
    { stdio: 'inherit', cwd: root },
  );
} catch {
  console.error('build-lib: the TypeScript compilation failed (errors above)');
  process.exit(1);
}

const template = JSON.parse(fs.readFileSync(path.join(libDir, 'package.json'), 'utf8'));
const rootPkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const rootVersions = { ...rootPkg.devDependencies, ...rootPkg.dependencies };

// "dependencies" in the template lists names only ("*"): pin them to what this repo is tested with.
const dependencies = Object.fromEntries(
  Object.entries(template.dependencies ?? {}).map(([name, range]) => {
    if (range !== '*') return [name, range];
    if (rootVersions[name]) return [name, rootVersions[name]];
    // Used by the library but only installed transitively here: pin to the installed major.
    const installed = require(require.resolve(`${name}/package.json`, { paths: [root] })).version;
    console.warn(`build-lib: ${name} is not in the root package.json; using the installed ^${installed}`);
    return [name, `^${installed}`];
  }),
);
const repository = rootPkg.repository && { ...rootPkg.repository, directory: 'libs/hubspot' };
const manifest = { ...template, version: template.version ?? rootPkg.version, repository, dependencies };
delete manifest.private;
delete manifest.scripts;
delete manifest.devDependencies;
fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
for (const file of ['README.md']) fs.copyFileSync(path.join(libDir, file), path.join(outDir, file));
// The console's browser files are served as they are (no build step): ship them next to the compiled code.
const assets = 'admin/console/assets';
fs.cpSync(path.join(libDir, 'src', assets), path.join(outDir, assets), { recursive: true });
fs.cpSync(path.join(libDir, 'docs'), path.join(outDir, 'docs'), { recursive: true });

// Sources ship under src/; every map is rewritten to point there instead of into this repository.
const libSrc = path.join(libDir, 'src');
const shippedSrc = path.join(outDir, 'src');
for (const file of walk(libSrc).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
  const target = path.join(shippedSrc, path.relative(libSrc, file));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(file, target);
}
const problems = [];
for (const mapFile of walk(outDir).filter((f) => f.endsWith('.map'))) {
  const map = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
  map.sources = map.sources.map((source) => {
    const original = path.resolve(path.dirname(mapFile), map.sourceRoot ?? '', source);
    const shipped = path.join(shippedSrc, path.relative(libSrc, original));
    if (!shipped.startsWith(shippedSrc + path.sep) || !fs.existsSync(shipped)) {
      problems.push(`${path.relative(outDir, mapFile)} maps to ${source}, which the package does not ship`);
    }
    return path.relative(path.dirname(mapFile), shipped).split(path.sep).join('/');
  });
  map.sourceRoot = '';
  fs.writeFileSync(mapFile, JSON.stringify(map));
}
// A doc comment that sends the reader to docs/X.md must find it in the package.
for (const file of walk(outDir).filter((f) => f.endsWith('.d.ts') || f.endsWith('.js'))) {
  for (const [, doc] of fs.readFileSync(file, 'utf8').matchAll(/\bdocs\/([\w.-]+\.md)/g)) {
    if (!fs.existsSync(path.join(outDir, 'docs', doc))) {
      problems.push(`${path.relative(outDir, file)} refers to docs/${doc}, which the package does not ship`);
    }
  }
}
if (problems.length) {
  for (const problem of problems) console.error(`build-lib: ${problem}`);
  process.exit(1);
}

// Every bare require() in the output must be declared, or the published package breaks in a clean host.
const declared = new Set([
  ...Object.keys(manifest.dependencies ?? {}),
  ...Object.keys(manifest.peerDependencies ?? {}),
]);
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const undeclared = new Map();
for (const file of walk(outDir).filter((f) => f.endsWith('.js') && !f.includes(`${path.sep}assets${path.sep}`))) {
  const source = fs.readFileSync(file, 'utf8');
  for (const [, spec] of source.matchAll(/require\(["']([^"'.][^"']*)["']\)/g)) {
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    if (builtins.has(spec) || builtins.has(name) || declared.has(name)) continue;
    undeclared.set(name, path.relative(outDir, file));
  }
}
if (undeclared.size) {
  for (const [name, file] of undeclared)
    console.error(`build-lib: ${file} requires undeclared package ${name}`);
  process.exit(1);
}
const files = walk(outDir).length;
console.log(
  `build-lib: ${manifest.name}@${manifest.version} -> ${path.relative(root, outDir)} (${files} files)`,
);

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}
