// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
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
              group: ['**/apps/**', '@loquent/api*'],
              message: 'Arrows point inward: the library imports nothing of the app.',
            },
          ],
        },
      ],
    },
  },
  {
    // Apps import the library by its public name only, never a file inside it.
    files: ['apps/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/libs/telephony-domain/**', '@loquent/telephony-domain/*'],
              message: "Import from '@loquent/telephony-domain' only.",
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
