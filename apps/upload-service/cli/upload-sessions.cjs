#!/usr/bin/env node
// The `upload-sessions` bin. It lives outside dist/ so that `npm ci` can link it before anything is
// built; it runs the compiled CLI, or says how to build it.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const compiled = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(compiled)) {
  process.stderr.write(
    'upload-sessions: the service is not built yet; run ./dev build (or npm run build) first\n',
  );
  process.exit(1);
}
require(compiled);
