import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/out-tsc/**', '**/node_modules/**', '**/coverage/**', '**/*.cjs', '**/*.mjs', 'tmp/**', 'apps/cli/bin/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.eslint.json', './apps/demo/tsconfig.eslint.json'], tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // A spread into a call passes every element as an argument: past about 10^5 of them V8 throws
      // "Maximum call stack size exceeded" (FeatureTransfer.fit at 300k rows did). Loop or reduce instead.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(push|unshift|splice|fromCharCode|fromCodePoint|max|min|hypot)$/] > SpreadElement',
          message:
            'No spread into push/unshift/splice/Math.max/min/fromCharCode: an unbounded array overflows the call stack; loop or reduce.',
        },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // Tests import their own package by name, to test exactly the public surface.
          allowCircularSelfDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'layer:core', onlyDependOnLibsWithTags: ['layer:core'] },
            { sourceTag: 'layer:model', onlyDependOnLibsWithTags: ['layer:core', 'layer:model'] },
            { sourceTag: 'layer:transfer', onlyDependOnLibsWithTags: ['layer:core', 'layer:model'] },
            { sourceTag: 'layer:experiment', onlyDependOnLibsWithTags: ['layer:core', 'layer:model', 'layer:transfer'] },
            {
              sourceTag: 'layer:app',
              onlyDependOnLibsWithTags: ['layer:core', 'layer:model', 'layer:transfer', 'layer:experiment'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/tests/**/*.ts', '**/bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
