import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const SOURCES = ['libs/hubspot/src', 'test/support'];

/**
 * Transpiles the worker's sources (the library and test/support) to plain JS once per suite, so each forked
 * worker boots in a second or two instead of paying ts-node's transpilation on every restart. The output
 * lives under node_modules/.cache (git-ignored; packages resolve from the repository's node_modules) and
 * `@app/hubspot` imports are rewritten to relative paths. Returns the entry (`test/support/<entryName>`) and a
 * cleanup function.
 */
export function buildBackfillWorker(entryName = 'backfill-worker'): { entry: string; cleanup: () => void } {
  return buildTestWorker(entryName);
}

/** The same for any worker entry in test/support (`tenant-worker`, `outbox-child`, ...). */
export function buildTestWorker(entryName: string): { entry: string; cleanup: () => void } {
  const out = join(ROOT, 'node_modules', '.cache', 'hubspot-e2e-workers', `${process.pid}-${entryName}`);
  rmSync(out, { recursive: true, force: true });
  const library = join(out, 'libs/hubspot/src');
  for (const dir of SOURCES) {
    for (const file of tsFiles(join(ROOT, dir))) {
      const dest = join(out, relative(ROOT, file)).replace(/\.ts$/, '.js');
      const js = ts.transpileModule(readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          esModuleInterop: true,
        },
      }).outputText;
      const toLibrary = relative(dirname(dest), library).replace(/\\/g, '/') || '.';
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(
        dest,
        js.replace(/require\("@app\/hubspot(\/[^"]*)?"\)/g, (_m, sub: string | undefined) => {
          const path = `${toLibrary.startsWith('.') ? '' : './'}${toLibrary}${sub ?? ''}`;
          return `require("${path}")`;
        }),
      );
    }
  }
  return {
    entry: join(out, `test/support/${entryName}.js`),
    cleanup: () => rmSync(out, { recursive: true, force: true }),
  };
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}
