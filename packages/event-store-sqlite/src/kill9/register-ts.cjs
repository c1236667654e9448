// Lets a plain Node child process load this workspace's TypeScript sources the way Jest does in
// process: SWC turns each .ts file into CommonJS, and registering `.ts` makes `require('./x')` find
// x.ts. Start the child with --conditions=@upload-sessions/source so packages resolve to their sources.
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

Module._extensions['.ts'] = (mod, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  mod._compile(code, filename);
};
