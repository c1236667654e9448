// Runs the CLI from its TypeScript sources, for tests: node --conditions=@upload-sessions/source cli-from-source.cjs <args>
require('../../projections/test-support/child/register-ts.cjs');
require('../main.ts');
