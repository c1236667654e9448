// One flat config for the workspace. Architecture rules live here: Nx module-boundary tags keep the
// domain pure (fp-ts and io-ts only) and stop ports from reaching for adapters or the app; inside the
// app, core and the read side never import a dialect, and one dialect never imports another
// (`lib:*` and `scope:*` tags; the composition root, `lib:root`, may import them all).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'http',
  'https',
  'net',
  'child_process',
  'crypto',
  'stream',
  'worker_threads',
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.nx/**',
      '.tools/**',
      '**/bin/**',
      '**/obj/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'layer:domain',
              onlyDependOnLibsWithTags: ['layer:domain'],
              allowedExternalImports: ['fp-ts', 'fp-ts/*', 'io-ts', 'io-ts/*'],
            },
            { sourceTag: 'layer:port', onlyDependOnLibsWithTags: ['layer:domain', 'layer:port'] },
            { sourceTag: 'layer:adapter', onlyDependOnLibsWithTags: ['layer:domain', 'layer:port'] },
            // The reusable event-sourcing core (packages/event-sourcing): over the domain and the store port only.
            {
              sourceTag: 'layer:event-sourcing',
              onlyDependOnLibsWithTags: ['layer:domain', 'layer:port', 'layer:event-sourcing'],
            },
            {
              sourceTag: 'layer:app',
              onlyDependOnLibsWithTags: [
                'layer:domain',
                'layer:port',
                'layer:adapter',
                'layer:event-sourcing',
                'layer:app',
              ],
            },
            // Inside the app: core ← read side ← dialects ← composition root, never the other way.
            { sourceTag: 'lib:core', notDependOnLibsWithTags: ['lib:read-side', 'lib:dialect', 'lib:root'] },
            { sourceTag: 'lib:read-side', notDependOnLibsWithTags: ['lib:dialect', 'lib:root'] },
            { sourceTag: 'lib:dialect', notDependOnLibsWithTags: ['lib:root'] },
            // Vendor scopes: shared code knows no vendor; a vendor's code knows only itself and shared code.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:vsphere', onlyDependOnLibsWithTags: ['scope:shared', 'scope:vsphere'] },
            {
              sourceTag: 'scope:blendvision',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:blendvision'],
            },
          ],
        },
      ],
    },
  },
  {
    // The domain does no I/O: Node built-ins are refused even where the boundary rule would not see them.
    files: ['packages/upload-session/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: nodeBuiltins, message: 'The domain package is pure: no Node I/O.' }] },
      ],
    },
  },
  {
    // Domain specs may also use the property-testing library; the shipped code may not.
    files: ['packages/upload-session/**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          depConstraints: [
            {
              sourceTag: 'layer:domain',
              onlyDependOnLibsWithTags: ['layer:domain'],
              allowedExternalImports: ['fp-ts', 'fp-ts/*', 'io-ts', 'io-ts/*', 'fast-check'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
