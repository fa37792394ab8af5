import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'web/dist/', 'data/', 'bin/', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The service worker is plain JavaScript served as it is (web/public): linted, not type-checked.
    files: ['web/public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { self: 'readonly', caches: 'readonly', fetch: 'readonly', URL: 'readonly' },
    },
  },
  {
    // The dashboard never turns text into markup (docs/dashboard.md): text from a camera or the audit log stays text.
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'build elements with Preact; never parse markup' },
        { property: 'outerHTML', message: 'build elements with Preact; never parse markup' },
        { property: 'insertAdjacentHTML', message: 'build elements with Preact; never parse markup' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'no markup from strings in the dashboard' },
        { selector: "Property[key.name='dangerouslySetInnerHTML']", message: 'no markup from strings in the dashboard' },
        { selector: "CallExpression[callee.property.name='createContextualFragment']", message: 'no markup from strings in the dashboard' },
      ],
    },
  },
);
