// Lint with type information, and enforce the layers by import rules: only main/ imports electron
// (app/ also runs in `fovea serve` and the CLI); common/ folders and the renderer import no Node
// modules (they run in the browser); each area of app/ imports only the areas before it.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { areaOrder, areasAfter } from './scripts/area-order.js';
import svelteConfig from './svelte.config.js';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'stream',
  'url',
  'util',
  'worker_threads',
  'zlib',
  'readline',
];
const nodeOnlyPackages = ['better-sqlite3', 'sharp', 'ws', '@tensorflow/*'];
const electronPattern = {
  group: ['electron'],
  message: 'Only main/ imports electron: app/ also runs in web mode and the CLI.',
};
const noNodePatterns = [
  {
    group: ['node:*', ...nodeBuiltins],
    message: 'common/ and renderer/ code runs in a browser: no Node modules.',
  },
  {
    group: nodeOnlyPackages,
    message: 'common/ and renderer/ code runs in a browser: no Node-only packages.',
  },
  electronPattern,
  { group: ['**/node/*', '**/node/**'], message: 'Import only app/**/common from here.' },
];

// Areas import each other through relative paths ('../../engine/common/spec.js').
function areaOrderPattern(area) {
  const after = areasAfter(area);
  const before = areaOrder.slice(0, areaOrder.indexOf(area));
  return {
    regex: `^(\\.\\./)+(${after.join('|')})/`,
    message:
      `Areas import only the areas before them (${areaOrder.join(' → ')}), so they never ` +
      `form a cycle; app/${area} may import ${before.join(', ') || 'no other area'}.`,
  };
}

// For one file the last matching config's no-restricted-imports wins, so each area's common/
// folder gets the browser patterns and the order pattern together.
function areaOrderConfigs(area) {
  const order = areaOrderPattern(area);
  return [
    {
      files: [`app/${area}/**`],
      rules: { 'no-restricted-imports': ['error', { patterns: [electronPattern, order] }] },
    },
    {
      files: [`app/${area}/common/**`],
      rules: { 'no-restricted-imports': ['error', { patterns: [...noNodePatterns, order] }] },
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'release/',
      'node_modules/',
      '**/*.cjs',
      'renderer/public/',
      '.scratch/',
      '.scratch*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.ts', 'scripts/*.js', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // State classes keep Sets and Maps in $state.raw fields and replace them whole on change.
      'svelte/prefer-svelte-reactivity': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [electronPattern],
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, svelteConfig } },
  },
  {
    // Props passed between components are typed by svelte-check; the linter's parser cannot see
    // another component's prop types and reports their callback arguments as `any`.
    files: ['**/*.svelte'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Vitest's asymmetric matchers (expect.objectContaining, …) are typed `any`.
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['app/**/common/**', 'renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: noNodePatterns }] },
  },
  ...areaOrder.flatMap((area) => areaOrderConfigs(area)),
  { files: ['main/**', 'tests/main/**'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
