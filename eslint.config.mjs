// One linter for the whole tree. The TypeScript files are linted with type information
// (typescript-eslint's project service over the tsconfig files), so the promise rules can
// see which calls return promises; `tsc` (npm run typecheck) still does the type checking.
// The architectural boundaries live here too, so a wrong import fails `npm run lint`
// instead of waiting for a reviewer (test/unit/shell/lint-boundaries.test.ts proves each).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// src/shared modules that import zod. Main may use them freely; the preload, the renderer
// and the zod-free shared modules may take only their types, so zod stays out of both bundles.
const ZOD_MODULES = ['**/shared/ipc/contract', '**/shared/policy', '**/shared/schemas'];
const zodFree = {
  group: ['zod', 'zod/*', ...ZOD_MODULES],
  allowTypeImports: true,
  message:
    'zod stays out of the preload and renderer bundles: import only types from the zod modules here (import type …).',
};
const noMain = {
  group: ['**/main', '**/main/**', 'electron', 'better-sqlite3', 'serialport', '@serialport/*'],
  message:
    'The renderer never imports main-process code: go through window.kiosk (src/shared/ipc).',
};
const noDev = {
  group: ['**/dev', '**/dev/**'],
  message: 'src/dev is the browser harness (never packaged): main must not depend on it.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    // Type-aware rules for every TypeScript file (each belongs to one of the tsconfig files).
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: {
      parserOptions: {
        projectService: {
          // The Playwright config sits only in src/dev/tsconfig.json, which no folder above it names.
          allowDefaultProject: ['playwright.config.ts'],
          defaultProject: 'src/dev/tsconfig.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // src/shared runs anywhere (main, preload, renderer, the browser harness): no Node, Electron
    // or native imports (DESIGN.md convention 1).
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'better-sqlite3', 'serialport', '@serialport/*'],
              message: 'src/shared must run anywhere.',
            },
            {
              group: ['fs', 'path', 'crypto', 'os', 'child_process', 'net', 'stream', 'events'],
              message: 'src/shared must run anywhere.',
            },
          ],
        },
      ],
    },
  },
  {
    // The zod-free shared modules: what the preload and the renderer take values from.
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/ipc/contract.ts', 'src/shared/policy.ts', 'src/shared/schemas.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'better-sqlite3', 'serialport', '@serialport/*'],
              message: 'src/shared must run anywhere.',
            },
            {
              group: ['fs', 'path', 'crypto', 'os', 'child_process', 'net', 'stream', 'events'],
              message: 'src/shared must run anywhere.',
            },
            {
              group: [
                'zod',
                'zod/*',
                './contract',
                '../policy',
                './policy',
                '../schemas',
                './schemas',
                ...ZOD_MODULES,
              ],
              allowTypeImports: true,
              message: zodFree.message,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noMain, noDev, zodFree] }],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ ...noMain, group: ['**/main', '**/main/**'] }, noDev, zodFree] },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noDev] }] },
  },
  {
    // Plain JavaScript (this file, scripts/*.mjs) belongs to no tsconfig: no type information.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests never leave a focused or skipped test behind.
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only' },
        { object: 'it', property: 'skip' },
        { object: 'test', property: 'only' },
        { object: 'test', property: 'skip' },
        { object: 'describe', property: 'only' },
        { object: 'describe', property: 'skip' },
      ],
    },
  },
);
