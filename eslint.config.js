/**
 * ESLint (flat config) for Preflight: `npm run lint` runs it after the import-boundary check. typescript-eslint's
 * recommended rules plus type-aware rules that catch real bugs (a promise nobody awaits or catches, a promise
 * passed where a callback's result is ignored, a for-in over an array, throwing a non-Error, delete on an array
 * element, eval-like calls, a `return` of a promise inside try without await, a non-exhaustive switch over a
 * union), and eslint-plugin-lit's recommended rules for the Lit templates. Type information comes from the
 * tsconfigs (projectService over tsconfig.json's references); typescript-eslint needs TypeScript's JS API, which
 * TypeScript 7 does not have, so `typescript` is the TypeScript 6 compatibility package and `tsc` is TypeScript 7
 * (`@typescript/native`).
 *
 * Rules of the recommended sets turned off, and why:
 * - `no-explicit-any` in tests, e2e and the pack function table (src/core/rules/types.ts, schema.ts, call.ts): tests read
 *   untyped JSON fixtures and page data; the pack table's `any` goes with the typed pack API (issue 9).
 * - `preserve-caught-error` (ESLint 10): the wrapped errors that name a file, row or field deliberately replace
 *   the parser's message; adding `cause` everywhere is a separate change (5 places).
 * - `no-useless-assignment`: it reports initial values that a try/catch then overwrites (dead stores, not bugs).
 * Type-aware rules tried and left out: `await-thenable` (it reports `Promise.all` over `T | Promise<T>`, the
 * engines' maybe-async extractors, which is intended), `unbound-method` (Lit binds template listeners such as
 * `@click=${this.run}` to the element: 20 false reports), `no-base-to-string` (9 error messages that quote an
 * unknown input with String(v); worth a look by the owners of src/core/rules and history), and
 * `prefer-promise-reject-errors` (rejections that pass on what they caught). The `no-unsafe-*` family is not
 * enabled (packs and tests handle untyped JSON by design).
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'screenshots/',
      'public/',
      '.cache/',
      '.tmp/',
      // AssemblyScript sources (not TypeScript) and the base64 modules generated from them.
      'wasm/',
      'src/core/wasm/*.wasm.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  lit.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-array-delete': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/restrict-plus-operands': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'preserve-caught-error': 'off',
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**', 'scripts/**', 'src/core/rules/types.ts', 'src/core/rules/schema.ts', 'src/core/rules/call.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The service worker template: its globals are declared in its `/* global */` comment.
    files: ['src/sw/**'],
    languageOptions: { globals: globals.serviceworker },
    rules: { 'no-redeclare': ['error', { builtinGlobals: false }] },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
