// ESLint flat config: typescript-eslint on src/ and tests/, with the few rules that guard the product's promises.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.deploy/**', '.local/**', 'appPackage/build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Secrets and ids come from node:crypto, never from Math.random.
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use node:crypto.' }],
    },
  },
  {
    // The one CommonJS file: a preload that runs before any TypeScript loader (src/local/loopbackOnly.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/bot/**', 'src/server.ts', 'src/index.ts'],
    rules: {
      // botbuilder stays fenced in src/bot/ so a move to the Agents SDK is an adapter swap.
      'no-restricted-imports': ['error', { patterns: ['botbuilder', 'botbuilder-*', 'botframework-*'] }],
    },
  },
);
