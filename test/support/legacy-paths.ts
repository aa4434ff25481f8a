import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const START = '<!-- legacy-paths:start';
const END = '<!-- legacy-paths:end -->';

/** A semantic-versioned HubSpot path the module still calls because HubSpot offers no dated one. */
export interface LegacyPathException {
  method: string;
  path: string;
}

/**
 * The README's list of legacy-path exceptions (between the legacy-paths markers, one
 * "- `METHOD /path`: why" item per line): the only `/v1/`..`/v4/` paths the library may call.
 */
export function legacyPathExceptions(readme = path.join(ROOT, 'README.md')): LegacyPathException[] {
  const text = fs.readFileSync(readme, 'utf8');
  const i = text.indexOf(START);
  const j = text.indexOf(END);
  if (i < 0 || j < i) throw new Error(`${readme} has no legacy-paths markers`);
  return [...text.slice(i, j).matchAll(/^- `(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]+)`/gm)].map((m) => ({
    method: m[1],
    path: m[2],
  }));
}

/** A semantic version segment (`/v1/` .. `/v4/`, or any later `/vN/`). */
export const LEGACY_SEGMENT = /\/v\d+\//;

/** `METHOD /path` is a listed exception. */
export function isListedException(call: string, exceptions: LegacyPathException[]): boolean {
  return exceptions.some((e) => call === `${e.method} ${e.path}`);
}

/** Every `.ts` file of the library except unit specs (which may quote legacy paths a host might send). */
export function librarySourceFiles(dir = path.join(ROOT, 'libs/hubspot/src')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return librarySourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

export function relativeToRoot(file: string): string {
  return path.relative(ROOT, file);
}
