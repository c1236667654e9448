// Runs the whole service (src/main.ts, configured by the environment) from its TypeScript sources in a
// child process, for the kill tests. Start it with --conditions=@upload-sessions/source.
// FAULT_KILL_AFTER_APPEND=<event type>: the process SIGKILLs itself as soon as an append holding an
// event of that type has committed, before the caller sees the result: a crash between the event and
// whatever the handler would do next (delete content, move files, answer).
require('../read-side/support/child/register-ts.cjs');
// At the top level: a require inside a block makes Nx take the package for lazy-loaded.
const { SqliteEventStore } = require('@upload-sessions/event-store-sqlite');

const killAfter = process.env.FAULT_KILL_AFTER_APPEND;
if (killAfter !== undefined && killAfter !== '') {
  const append = SqliteEventStore.prototype.appendToStream;
  SqliteEventStore.prototype.appendToStream = function (streamName, events, options) {
    return append.call(this, streamName, events, options).then((result) => {
      if (result._tag === 'Right' && events.some((event) => event.type === killAfter)) {
        process.kill(process.pid, 'SIGKILL');
      }
      return result;
    });
  };
  // Commands writing two streams at once (a file's deletion with its upload's cancel) go through this.
  const appendMany = SqliteEventStore.prototype.appendToStreams;
  SqliteEventStore.prototype.appendToStreams = function (appends) {
    return appendMany.call(this, appends).then((result) => {
      if (
        result._tag === 'Right' &&
        appends.some((a) => a.events.some((event) => event.type === killAfter))
      ) {
        process.kill(process.pid, 'SIGKILL');
      }
      return result;
    });
  };
}

require('../../src/main.ts');
