// Lets a plain Node child process load the service's TypeScript sources as Jest does in process: SWC
// turns each .ts file into CommonJS when it is required. Start the child with
// --conditions=@upload-sessions/source so workspace packages resolve to their sources too.
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

Module._extensions['.ts'] = (mod, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  mod._compile(code, filename);
};
