import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * The layer rules of .dependency-cruiser.cjs (run by `npm run lint`) against small trees shaped like the
 * library: they must pass a downward import and fail an upward one, a sibling one and a circle.
 */
const ROOT = resolve(__dirname, '../..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');

function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dep-rules-'));
  try {
    writeFileSync(join(dir, 'tsconfig.json'), '{"compilerOptions":{"module":"commonjs"}}');
    for (const [path, source] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), source);
    }
    const run = spawnSync(DEPCRUISE, ['libs', '--config', CONFIG, '--output-type', 'err'], {
      cwd: dir,
      encoding: 'utf8',
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LIB = 'libs/hubspot/src';

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  it('accepts an import that points down a layer', () => {
    const result = cruise({
      [`${LIB}/crm/b.ts`]: "import { a } from '../http/a';\nexport const b = a;\n",
      [`${LIB}/http/a.ts`]: 'export const a = 1;\n',
    });
    expect(result.output).toContain('no dependency violations');
    expect(result.status).toBe(0);
  });

  it('fails an import that runs back up a layer, naming the rule', () => {
    const result = cruise({
      [`${LIB}/http/a.ts`]: "import { b } from '../crm/b';\nexport const a = b;\n",
      [`${LIB}/crm/b.ts`]: 'export const b = 1;\n',
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(
      /layer-http: libs\/hubspot\/src\/http\/a\.ts → libs\/hubspot\/src\/crm\/b\.ts/,
    );
  });

  it('fails an import between two folders of the same layer', () => {
    const result = cruise({
      [`${LIB}/runs/r.ts`]: "import { w } from '../webhooks/w';\nexport const r = w;\n",
      [`${LIB}/webhooks/w.ts`]: 'export const w = 1;\n',
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('layer-runs');
  });

  it('fails an import circle, even inside one folder', () => {
    const result = cruise({
      [`${LIB}/engine/x.ts`]: "import { y } from './y';\nexport const x = () => y;\n",
      [`${LIB}/engine/y.ts`]: "import { x } from './x';\nexport const y = () => x;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('no-circular');
  });

  it('fails the lower layers importing the module root', () => {
    const result = cruise({
      [`${LIB}/engine/x.ts`]: "import { m } from '../hubspot.module';\nexport const x = m;\n",
      [`${LIB}/hubspot.module.ts`]: 'export const m = 1;\n',
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('layer-engine');
  });
});
