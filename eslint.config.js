// Lint, including the architecture: which layer may import what. The boundaries are rules here,
// not a convention to remember; test/unit/lint-boundaries.test.ts proves each one fails when broken.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const uiLibraries = ['react', 'react-dom', 'react-dom/client', 'zustand', '@niivue/niivue'];

/** One `no-restricted-imports` rule; type-only imports stay allowed (they vanish at run time). */
const restrictImports = ({ paths = [], patterns = [] }) => [
  'error',
  {
    paths: paths.map((name) => ({ name, allowTypeImports: true, message: 'This layer must not import it (see eslint.config.js).' })),
    patterns: patterns.map(({ regex, message }) => ({ regex, message, allowTypeImports: true })),
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,cts}'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'electron/**/*.{ts,cts}', 'test/**/*.ts', 'assets/tools/**/*.ts', '*.js', 'renderer/vite.config.ts'],
    languageOptions: { globals: globals.node },
  },

  // The core: plain Node. Never the UI, never Electron.
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictImports({
        paths: ['electron', ...uiLibraries],
        patterns: [
          { regex: '(^|/)(renderer|electron)(/|$)', message: 'src/ is the core: it must not import the renderer or the Electron shell.' },
          { regex: '(^|/)assets/', message: 'assets/tools are build-time helpers (icons): the app never imports them.' },
        ],
      }),
    },
  },
  // The contract and the CSP are bundled into the renderer: pure, no Node, nothing else from src/.
  {
    files: ['src/api/**/*.ts', 'src/security/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictImports({
        paths: ['electron', ...uiLibraries, ...nodeBuiltins],
        patterns: [{ regex: '^\\.\\./', message: 'src/api and src/security are pure: each imports only its own folder and zod.' }],
      }),
    },
  },

  // The renderer: a sandboxed web page. No Node, no Electron; from src/ only the contract and the CSP.
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': restrictImports({
        paths: ['electron', ...nodeBuiltins],
        patterns: [
          { regex: '(^|/)src/(?!api/|security/)', message: 'The renderer reaches the core only through the API contract (src/api).' },
          { regex: '(^|/)electron(/|$)', message: 'The renderer must not import the Electron shell.' },
        ],
      }),
    },
  },

  // The Electron shell may use the core, never the renderer's code.
  {
    files: ['electron/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictImports({
        paths: uiLibraries,
        patterns: [
          { regex: '(^|/)renderer(/|$)', message: 'The Electron shell loads the renderer by URL, never by import.' },
          { regex: '(^|/)assets/', message: 'assets/tools are build-time helpers (icons): the app never imports them.' },
        ],
      }),
    },
  },
  // The sandboxed preload can load only `electron` at run time.
  {
    files: ['electron/preload.cts'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-restricted-imports': restrictImports({
        patterns: [{ regex: '^(?!electron$)', message: 'A sandboxed preload may import only electron at run time.' }],
      }),
    },
  },
);
