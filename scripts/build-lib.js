#!/usr/bin/env node
/**
 * Builds the publishable library: compiles libs/hubspot to dist/libs/hubspot (CommonJS + .d.ts), writes its
 * package.json from libs/hubspot/package.json with dependency versions taken from the root package.json, copies
 * its README and the console's browser assets, and fails if the compiled code requires a package that the manifest does not declare.
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
      // The maps point at sources the package does not ship: embed them.
      '--inlineSources',
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
const manifest = { ...template, version: template.version ?? rootPkg.version, dependencies };
delete manifest.private;
delete manifest.scripts;
delete manifest.devDependencies;
fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
for (const file of ['README.md']) fs.copyFileSync(path.join(libDir, file), path.join(outDir, file));
// The console's browser files are served as they are (no build step): ship them next to the compiled code.
const assets = 'admin/console/assets';
fs.cpSync(path.join(libDir, 'src', assets), path.join(outDir, assets), { recursive: true });

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
