/**
 * The library's layers (libs/hubspot/src), lowest first. A file may import from its own folder and from
 * any lower layer, never from a higher layer or from a sibling in the same layer. `npm run lint` runs this
 * (`npm run lint:deps`); docs/ARCHITECTURE.md draws the same picture.
 */
const LIB = '^libs/hubspot/src/';
const LAYERS = [
  ['model'],
  ['errors'],
  ['config'],
  ['redis'],
  ['http'],
  ['auth'],
  ['engine'],
  ['crm'],
  ['runs', 'webhooks'],
  ['admin', 'cli', 'health', 'metrics', 'setup'],
];

const folder = (name) => `${LIB}${name}/`;
const anyOf = (names) => `${LIB}(${names.join('|')})/`;

const layerRules = LAYERS.flatMap((layer, rank) => {
  const above = LAYERS.slice(rank + 1).flat();
  return layer.map((name) => {
    const siblings = layer.filter((other) => other !== name);
    const forbidden = [...above, ...siblings];
    return {
      name: `layer-${name}`,
      comment: `${name}/ may import only lower layers (${LAYERS.slice(0, rank).flat().join(', ') || 'none'}), not ${forbidden.join(', ')} or the module root`,
      severity: 'error',
      from: { path: folder(name) },
      to: {
        path: forbidden.length ? [anyOf(forbidden), `${LIB}[^/]+\\.ts$`] : `${LIB}[^/]+\\.ts$`,
      },
    };
  });
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circle anywhere: a circle means two files cannot be understood apart.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'migrations-are-standalone',
      comment: 'Migrations are frozen history: they import TypeORM only.',
      severity: 'error',
      from: { path: `${LIB}migrations/` },
      to: { path: `${LIB}(?!migrations/)` },
    },
    {
      name: 'library-never-imports-the-host',
      comment: 'The library stands alone: no import from the example app, tests, benches or the emulator.',
      severity: 'error',
      from: { path: LIB },
      to: { path: '^(src|test|bench|scripts|libs/hubspot-emulator)/' },
    },
    {
      name: 'emulator-stands-alone',
      comment: 'The emulator is a HubSpot stand-in: it never imports the library it is used to test.',
      severity: 'error',
      from: { path: '^libs/hubspot-emulator/' },
      to: { path: LIB },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
