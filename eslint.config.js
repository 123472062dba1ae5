// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'web/dist/', 'node_modules/', 'coverage/', 'test-results/', 'data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `any` appears only where a library's generics or overloads leave nothing better (Kysely's
      // builders, pg's query overloads); `tsc --strict` checks everything else.
      '@typescript-eslint/no-explicit-any': 'off',
      // A leading underscore marks what is unused on purpose (an interface's argument, a rest sibling).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
)
