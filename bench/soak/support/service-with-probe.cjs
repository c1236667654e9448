// Runs the upload service in this process and answers the parent's 'probe' IPC message with its memory
// after a full garbage collection (start with --expose-gc), so a soak can tell a leak from garbage not
// yet collected. SOAK_FROM_SOURCE=1 runs the TypeScript sources (tests; start with
// --conditions=@upload-sessions/source), otherwise the build in apps/upload-service/dist.
'use strict';
const { join } = require('node:path');

const app = join(__dirname, '..', '..', '..', 'apps', 'upload-service');
process.on('message', (message) => {
  if (message !== 'probe') return;
  if (typeof global.gc === 'function') global.gc();
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  process.send({ rss, heapUsed, heapTotal, external, arrayBuffers, gc: typeof global.gc === 'function' });
});
// The IPC channel must not keep the service alive once it has shut down.
process.channel?.unref();

if (process.env.SOAK_FROM_SOURCE === '1') {
  require(join(app, 'test', 'read-side', 'support', 'child', 'register-ts.cjs'));
  require(join(app, 'src', 'main.ts'));
} else {
  require(join(app, 'dist', 'main.js'));
}
