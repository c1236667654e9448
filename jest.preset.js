// Shared Jest settings for every project: SWC transpiles TypeScript (type checks run in `typecheck`),
// and workspace packages resolve to their sources through the `@upload-sessions/source` export condition.
const path = require('node:path');

/** @param {string} dir the project's folder */
module.exports = (dir) => ({
  displayName: path.relative(__dirname, dir),
  rootDir: dir,
  testEnvironment: 'node',
  testEnvironmentOptions: {
    customExportConditions: ['@upload-sessions/source', 'node', 'node-addons', 'require', 'default'],
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
});
