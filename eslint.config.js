// Flat config. Besides the usual rules, it enforces the architecture's boundaries by folder,
// so a wrong import fails CI instead of waiting for a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const restrict = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: patterns.length > 0 ? [{ group: patterns, message }] : [],
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'release/**',
      '.electron-native/**',
      'test-results/**',
      'playwright-report/**',
      'tests/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        ['electron', 'better-sqlite3', 'got', 'sharp', ...nodeBuiltins],
        ['**/electron/**', '**/host/**', '**/region-sim/**'],
        'The renderer reaches the services only through the contract in shared/ipc.',
      ),
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      ['electron', 'react', 'react-dom', 'better-sqlite3', 'got', ...nodeBuiltins],
      ['**/electron/**', '**/renderer/**', '**/host/**', '**/region-sim/**', '@mantine/*'],
      'shared/ holds platform-free types and rules: no Electron, Node built-ins or React.',
    ),
  },
  {
    files: ['electron/main/services/**/*.ts', 'host/**/*.ts', 'region-sim/**/*.ts', 'bench/**/*.ts'],
    rules: restrict(
      ['electron', 'electron-updater'],
      ['**/renderer/**'],
      'Services, the headless host, the simulator and the bench are plain Node: only the Electron shell imports electron.',
    ),
  },
  {
    files: ['region-sim/**/*.ts'],
    rules: restrict(
      ['electron'],
      ['**/electron/**', '**/renderer/**', '**/host/**'],
      'The simulator is a program of its own: it shares only shared/ with the app.',
    ),
  },
);
