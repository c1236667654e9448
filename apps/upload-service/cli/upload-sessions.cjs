#!/usr/bin/env node
// The `upload-sessions` bin. It lives outside dist/ so that `npm ci` can link it before anything is
// built; it runs the compiled CLI, or says how to build it. Plain CommonJS that any Node parses: it
// checks the version before loading the CLI, which needs Node 24 (node:sqlite).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
if (major < REQUIRED_MAJOR) {
  process.stderr.write(
    `upload-sessions needs Node.js ${REQUIRED_MAJOR} or newer; this is Node.js ${process.versions.node} (${process.execPath}).\n` +
      `Run it with ./dev cli … from the repository (it installs Node ${REQUIRED_MAJOR} into .tools/), or put Node ${REQUIRED_MAJOR} on PATH.\n`,
  );
  process.exit(1);
}

const compiled = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(compiled)) {
  process.stderr.write(
    'upload-sessions: the service is not built yet; run ./dev build (or npm run build) first\n',
  );
  process.exit(1);
}
require(compiled);
