/**
 * Generates the README's configuration table from the options classes (libs/hubspot/src/**\/*.options.ts):
 * option path, type, default (from resolveHubspotConfig, so it is the real one), required, and the doc comment.
 * `npx ts-node -T -r tsconfig-paths/register scripts/gen-config-table.ts [--write]` (--write updates README.md
 * between the config markers; without it the table is printed).
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { resolveHubspotConfig } from '../libs/hubspot/src/config/hubspot.config';

const root = path.resolve(__dirname, '..');
const files = [
  path.join(root, 'libs/hubspot/src/hubspot.options.ts'),
  ...findOptionFiles(path.join(root, 'libs/hubspot/src')),
];
const program = ts.createProgram(files, { experimentalDecorators: true, strict: true });
const checker = program.getTypeChecker();

const classes = new Map<string, ts.ClassDeclaration>();
for (const file of files) {
  const source = program.getSourceFile(file);
  source?.forEachChild((node) => {
    if (ts.isClassDeclaration(node) && node.name) classes.set(node.name.text, node);
  });
}

interface Row {
  path: string;
  type: string;
  /** Required; `within` names the optional parent it is required in. */
  required: false | { within?: string };
  doc: string;
}

function rows(className: string, prefix: string, optionalParent?: string): Row[] {
  const cls = classes.get(className);
  if (!cls) throw new Error(`options class ${className} not found`);
  return cls.members.flatMap((member): Row[] => {
    if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name)) return [];
    const name = `${prefix}${member.name.text}`;
    const decorators = ts.getDecorators(member) ?? [];
    const nested = decorators
      .map((d) => /@Type\(\(\) => (\w+)\)/.exec(d.getText())?.[1])
      .find((n): n is string => !!n && classes.has(n));
    const required = !member.questionToken;
    if (nested) return rows(nested, `${name}.`, required ? optionalParent : name);
    const symbol = checker.getSymbolAtLocation(member.name);
    const doc = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)) : '';
    const type = member.type
      ? (literalUnion(member.type) ?? member.type.getText().replace(/\s+/g, ' '))
      : 'unknown';
    return [
      {
        path: name,
        type,
        required: required ? { within: optionalParent } : false,
        doc: doc.replace(/\s+/g, ' ').trim(),
      },
    ];
  });
}

/** A named union of string literals (e.g. `HubspotApiVersion`) spelt out, so the table shows the values. */
function literalUnion(node: ts.TypeNode): string | undefined {
  if (!ts.isTypeReferenceNode(node)) return undefined;
  const type = checker.getTypeFromTypeNode(node);
  if (!type.isUnion() || !type.types.every((t) => t.isStringLiteral())) return undefined;
  return type.types.map((t) => `'${(t as ts.StringLiteralType).value}'`).join(' | ');
}

function findOptionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findOptionFiles(full);
    return entry.name.endsWith('.options.ts') ? [full] : [];
  });
}

function defaults(): Record<string, unknown> {
  const resolved = resolveHubspotConfig({
    auth: { type: 'static-token', accessToken: 'placeholder-token' },
    webhooks: { clientSecrets: ['placeholder-secret'], allowedHosts: ['placeholder-host'] },
  }) as unknown as Record<string, unknown>;
  const flat: Record<string, unknown> = {};
  const walk = (value: unknown, prefix: string) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k);
    } else flat[prefix] = value;
  };
  walk(resolved, '');
  return flat;
}

function render(): string {
  const known = defaults();
  const lines = ['| option | type | default | description |', '|---|---|---|---|'];
  for (const row of rows('HubspotModuleOptions', '')) {
    const value = known[row.path];
    const placeholder = [value].flat().some((v) => typeof v === 'string' && v.startsWith('placeholder'));
    const shown = row.required
      ? `**required**${row.required.within ? ` (with \`${row.required.within}\`)` : ''}`
      : value === undefined || placeholder
        ? ''
        : `\`${JSON.stringify(value)}\``;
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    lines.push(`| \`${row.path}\` | \`${cell(row.type)}\` | ${cell(shown)} | ${cell(row.doc)} |`);
  }
  return lines.join('\n');
}

const table = render();
if (process.argv.includes('--write')) {
  // The repository README and the published package's README carry the same table.
  for (const readme of [path.join(root, 'README.md'), path.join(root, 'libs/hubspot/README.md')]) {
    const text = fs.readFileSync(readme, 'utf8');
    const start = '<!-- config:start (generated by scripts/gen-config-table.ts) -->';
    const end = '<!-- config:end -->';
    const i = text.indexOf(start);
    const j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error(`${readme} has no config markers`);
    fs.writeFileSync(readme, `${text.slice(0, i + start.length)}\n${table}\n${text.slice(j)}`);
    console.log(
      `${path.relative(root, readme)}: configuration table updated (${table.split('\n').length - 2} options)`,
    );
  }
} else {
  console.log(table);
}
