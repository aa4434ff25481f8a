#!/usr/bin/env node
/**
 * Dependency audit for CI. Always checks package-lock.json against the committed advisories in
 * .ci/advisories.json (works offline); then asks the registry (`npm audit --omit=dev`) and fails on a
 * high or critical finding. When the registry's audit endpoint cannot be reached it says so and the offline
 * check stands alone. Exit 1 on any finding.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const semver = require('semver');

const root = path.resolve(__dirname, '..');
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const { advisories } = JSON.parse(fs.readFileSync(path.join(root, '.ci/advisories.json'), 'utf8'));

/** Every installed copy of a package (nested ones included), from the lockfile's `packages` map. */
function installed(name) {
  return Object.entries(lock.packages ?? {})
    .filter(([where]) => where === `node_modules/${name}` || where.endsWith(`/node_modules/${name}`))
    .map(([where, entry]) => ({ where, version: entry.version, dev: entry.dev === true }));
}

const offline = advisories.flatMap((advisory) =>
  installed(advisory.package)
    .filter(({ version }) => version && semver.satisfies(version, advisory.vulnerable))
    .map((copy) => `${advisory.id} ${advisory.package}@${copy.version} at ${copy.where}: ${advisory.title}`),
);
for (const line of offline) console.error(`audit: ${line}`);
console.log(`audit: ${advisories.length} committed advisories checked, ${offline.length} affected copies`);

const npm = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
  cwd: root,
  encoding: 'utf8',
  timeout: 120_000,
});
let online = 0;
let report;
try {
  report = JSON.parse(npm.stdout || '{}');
} catch {
  report = {};
}
if (report.metadata?.vulnerabilities) {
  const { high = 0, critical = 0 } = report.metadata.vulnerabilities;
  online = high + critical;
  for (const [name, finding] of Object.entries(report.vulnerabilities ?? {})) {
    if (finding.severity === 'high' || finding.severity === 'critical')
      console.error(`audit: npm audit ${finding.severity}: ${name} ${finding.range}`);
  }
  console.log(`audit: npm audit found ${online} high/critical production findings`);
} else {
  const reason = report.statusCode ? `HTTP ${report.statusCode}` : report.error?.summary || 'no report';
  console.log(`audit: the registry's audit endpoint is unavailable (${reason}); offline check only`);
}
process.exit(offline.length || online ? 1 : 0);
