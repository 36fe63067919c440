// Lint rules that keep the house plan: arrows point one way (client → shared, server → db → shared).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';


export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'db/migrations/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**', '**/client/**', '**/db/**', '**/scripts/**', '**/tests/**'], message: 'shared/ is pure: it imports nothing of ours.' },
            { group: ['node:*', 'fs', 'path', 'crypto', 'preact', 'preact/*'], message: 'shared/ runs in the browser and on the server: no Node or DOM libraries.' },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '**/db/**', 'node:*'], message: 'client/ talks to the server over HTTP; it may import shared/ only.' }] },
      ],
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '**/client/**'], message: 'db/ may import shared/ only.' }] }],
    },
  },
  {
    files: ['server/features/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'zod', message: 'Routes use the contracts in shared/api; declare a schema there, not in a route file.' }] },
      ],
    },
  },
);
