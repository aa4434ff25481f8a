import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '!libs/hubspot/src/admin/console/assets/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: [
      'bench/**/*.ts',
      'scripts/**/*.ts',
      'contract/**/*.ts',
      'src/cli*.ts',
      'src/**/cli/**/*.ts',
      'libs/hubspot-emulator/src/main.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    // Optional peers load through config/optional-peer.ts (a host without them must still load the module).
    files: ['libs/hubspot/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['@nestjs/swagger', '@nestjs/schedule', '@nestjs/terminus', 'prom-client'].map((name) => ({
            name,
            message: `${name} is an optional peer: load it with optionalPeer() (types-only imports are fine)`,
            allowTypeImports: true,
          })),
          patterns: [
            {
              group: ['@bull-board/*'],
              message: 'an optional peer: load it with optionalPeer()',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // The console's browser modules, served as they are.
    files: ['libs/hubspot/src/admin/console/assets/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['document', 'window', 'location', 'fetch', 'FormData', 'URLSearchParams', 'confirm']
          .concat(['setTimeout', 'setInterval', 'clearInterval'])
          .map((name) => [name, 'readonly']),
      ),
    },
  },
);
