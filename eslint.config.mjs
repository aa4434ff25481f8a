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
