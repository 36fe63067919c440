// Lint rules that keep the house plan: arrows point one way (client → shared, server → db → shared).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';


const sharedIsPure = [
  { group: ['**/server/**', '**/client/**', '**/db/**', '**/scripts/**', '**/tests/**'], message: 'shared/ is pure: it imports nothing of ours.' },
  { group: ['node:*', 'fs', 'path', 'crypto', 'preact', 'preact/*'], message: 'shared/ runs in the browser and on the server: no Node or DOM libraries.' },
];
const clientTalksHttp = [
  { group: ['**/server/**', '**/db/**', 'node:*'], message: 'client/ talks to the server over HTTP; it may import shared/ only.' },
  {
    group: ['**/shared/api/routes.ts'],
    allowTypeImports: true,
    message: 'The route map carries the zod schemas: the client imports it as a type only (import type), so no schema reaches a bundle.',
  },
];
/** zod stays out of the resident's survey (26 kB gzipped on a slow link): tests/unit/survey-bundle.test.ts checks the built chunks. */
const ZOD_IN_SCHEMA_FILES = 'The survey loads shared/ modules: their zod schemas go in a *.schema.ts file beside them (shared/survey/definition.schema.ts), which the server, admin and staff areas import.';

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
    rules: { 'no-restricted-imports': ['error', { patterns: sharedIsPure }] },
  },
  {
    // Schemas live in *.schema.ts files and in the API contracts (shared/api); every other shared module is zod-free.
    files: ['shared/**/*.{ts,tsx}'],
    ignores: ['shared/**/*.schema.ts', 'shared/**/schema.ts', 'shared/api/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'zod', message: ZOD_IN_SCHEMA_FILES }], patterns: sharedIsPure }] },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: clientTalksHttp }] },
  },
  {
    // The resident's survey: schemas and contracts as types only.
    files: ['client/main.tsx', 'client/survey/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: ZOD_IN_SCHEMA_FILES }],
          patterns: [
            ...clientTalksHttp,
            { group: ['**/*.schema.ts', '**/shared/api/*.ts', '!**/shared/api/path.ts'], allowTypeImports: true, message: ZOD_IN_SCHEMA_FILES },
          ],
        },
      ],
    },
  },
  {
    // The client reaches the API only through the route map: call(key, input) in client/api.ts, pathTo() for links.
    files: ['client/**/*.{ts,tsx}'],
    ignores: ['client/api.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Literal[value=/^\\/api(\\/|$)/]', message: "Name the route by its key in shared/api/routes.ts: call('GET /api/…', input) or pathTo() for a link." },
        { selector: 'TemplateLiteral > TemplateElement:first-child[value.raw=/^\\/api(\\/|$)/]', message: "Name the route by its key in shared/api/routes.ts: call('GET /api/…', input) or pathTo() for a link." },
        { selector: "CallExpression[callee.name='fetch']", message: 'Only client/api.ts fetches; call the API with call() from client/api.ts.' },
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
