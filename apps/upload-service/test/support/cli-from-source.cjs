// Runs the CLI from its TypeScript sources, for tests: node --conditions=@upload-sessions/source cli-from-source.cjs <args>
require('../read-side/support/child/register-ts.cjs');
require('../../src/cli/main.ts');
