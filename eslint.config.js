// One lint config for the whole workspace (`pnpm lint`; `pnpm test` runs it before the tests).
// typescript-eslint's recommended rules everywhere; React hooks rules for the mini program.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/dist-*/**', '.data/**', 'coverage/**', '**/*.d.ts', 'apps/miniprogram/config/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.es2022 } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Off outside the API's source for now (tests, mini program); the API's own block below turns it on.
      '@typescript-eslint/no-explicit-any': 'off',
      // Input validation matches control characters on purpose.
      'no-control-regex': 'off',
      // Chinese UI text uses the ideographic space (U+3000) between label groups.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipJSXText: true }],
    },
  },
  {
    // Use cases and state machines throw domain errors (apps/api/src/domain/errors.ts); only the HTTP layer builds HTTP ones.
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/http/**', '**/*.controller.ts', '**/*.guard.ts', '**/*.guards.ts', '**/*.interceptor.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/http/errors', '**/http/errors.js'], message: 'Throw a domain error from domain/errors.ts; the error filter maps it to a status.' },
          ],
        },
      ],
    },
  },
  {
    // No row typed `any` in the API (issue #14): SQL rows get small row interfaces, unknown input is `unknown`.
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // jest.mock factories are hoisted above imports, so they load modules with require()

    files: ['**/test/**/*.{ts,tsx}', '**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['apps/miniprogram/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
