// @ts-check
import eslint from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const infrastructure = [
  '@nestjs/*',
  'typeorm',
  'typeorm/*',
  'pg',
  'pg/*',
  'pg-*',
  'twilio',
  'twilio/*',
  'express',
  'express/*',
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '.data/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // No import cycle anywhere: a cycle hides which piece depends on which, and in CommonJS it
    // hands one side a half-initialised module. Imports resolve as TypeScript resolves them (the
    // tsconfig paths included), so a cycle through a library's entry point counts too.
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    // Packages in node_modules cannot import our files back: not walking them keeps the lint fast
    // (about 6 s instead of 15 s for the repository). The libraries resolve through tsconfig
    // paths to libs/, so they are walked.
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The domain library stays pure: no framework, no infrastructure, no Node built-ins.
    files: ['libs/telephony-domain/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: infrastructure,
              message: 'libs/telephony-domain is framework-free: wire infrastructure in apps/api.',
            },
            {
              group: ['node:*', 'fs', 'path', 'http', 'https', 'crypto', 'child_process'],
              message: 'libs/telephony-domain does not touch the runtime.',
            },
            {
              group: ['**/apps/**', '@loquent/*'],
              message:
                'Arrows point inward: the library imports nothing of the app or other @loquent packages.',
            },
            {
              group: ['**/testing', '**/testing/**'],
              message:
                'The domain never depends on its test support (./testing is a separate entry).',
            },
          ],
        },
      ],
    },
  },
  {
    // The sandbox stands in for Twilio: it knows nothing of Loquent.
    files: ['libs/twilio-sandbox/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/**', '@loquent/*'],
              message: 'libs/twilio-sandbox imports nothing of Loquent: it plays Twilio.',
            },
          ],
        },
      ],
    },
  },
  {
    // Apps import the libraries by their entry points only, never a file inside them.
    files: ['apps/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/libs/*/**',
                '@loquent/telephony-domain/*',
                '!@loquent/telephony-domain/testing',
                '@loquent/twilio-sandbox/*',
                '!@loquent/twilio-sandbox/openapi',
              ],
              message:
                "Import '@loquent/telephony-domain' or '@loquent/twilio-sandbox' (or, in tests, their '/testing' and '/openapi' entries).",
            },
          ],
        },
      ],
    },
  },
  {
    // The application's own code: no test support, and the sandbox only loaded when it is needed
    // (the embedded default imports it dynamically, so production never loads it).
    files: ['apps/api/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*-spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@loquent/twilio-sandbox',
              allowTypeImports: true,
              message:
                "Load the sandbox with `await import('@loquent/twilio-sandbox')` where it is used.",
            },
          ],
          patterns: [
            {
              group: ['@loquent/telephony-domain/testing', '@loquent/twilio-sandbox/*'],
              message: 'Test support: only tests import it.',
            },
          ],
        },
      ],
    },
  },
  {
    // The settings page runs in the browser, as ES modules with no build step.
    files: ['apps/api/public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
