// ESLint flat config. Syntax-only (no type-aware rules): `npm test` runs it on every change and must stay fast.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** The root barrel of the Google provider loads every resource class (seconds of start-up): import by deep path. */
const providerGoogleBarrel = {
  name: '@cdktf/provider-google',
  message: "Import the resource by deep path, e.g. '@cdktf/provider-google/lib/storage-bucket'.",
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'cdk.out/',
      'cdktf.out/',
      'out/',
      'coverage/',
      '.terraform/',
      'bench/.build/',
      'bench/.work/',
    ],
  },
  // A disable comment that no longer suppresses anything is stale: fail on it rather than let it hide the next problem.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { 'import-x': importX },
    settings: {
      // import-x parses a dependency only when its extension is listed, and with the parser named for it:
      // without these it silently skips every .ts file and import-x/no-cycle finds nothing.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json', '.node'] })],
    },
    rules: {
      'no-restricted-imports': ['error', { paths: [providerGoogleBarrel] }],
      // Other folders may use `any` where a library's types fall short; each one is shown, lib/report forbids it.
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },

  // The CLI and the construct library must have no import cycle. `commonjs: true` also follows the lazy
  // require() calls the CLI uses to load a command only when it runs.
  {
    files: ['lib/**/*.ts', 'bin/**/*.ts'],
    rules: { 'import-x/no-cycle': ['error', { commonjs: true }] },
  },

  // The policy core, the report and the file emitters stay free of cloud libraries: those live in lib/aws and
  // lib/gcp only. (Rule options do not merge across config objects, so the provider barrel is repeated here.)
  {
    files: ['lib/policy/**', 'lib/report/**', 'lib/rasa/**', 'lib/meya/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [providerGoogleBarrel],
          patterns: [
            {
              regex: '^(aws-cdk-lib|cdktf|constructs|cdk-nag)(/|$)|^@cdktf/',
              message: 'Cloud libraries are imported only in lib/aws and lib/gcp; this folder works on plain data.',
            },
          ],
        },
      ],
    },
  },

  {
    files: ['lib/report/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },

  // Plain CommonJS files run by node directly (the TypeScript register hook, jest's config).
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: {
      // These files are CommonJS by necessity (loaded with `node -r` and by jest before any transpiler exists).
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
