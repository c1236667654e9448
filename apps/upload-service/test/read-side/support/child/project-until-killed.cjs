// Child of the kill-point test: projects an event store into a read-model file and SIGKILLs itself
// when it reaches the k-th event of this run, either inside the batch transaction (before the commit)
// or right after a commit. Without a kill point it runs until caught up and exits 0. With
// KURRENTDB_CONNECTION_STRING set, it reads that server instead of the SQLite file (<events> unused).
// Usage: node --conditions=@upload-sessions/source project-until-killed.cjs <events> <read models>
//          <kill at k, 0 for none> <in-transaction|after-commit> <batch size>
require('./register-ts.cjs');
const { SqliteEventStore } = require('@upload-sessions/event-store-sqlite');
const { KurrentDbEventStore } = require('@upload-sessions/event-store-kurrentdb');
const { ReadModelDatabase } = require('@upload-sessions/read-side/projections/read-model-database');
const { serviceReadModels } = require('../../../../src/app/service-read-models.ts');
const { ProjectionRunner } = require('@upload-sessions/read-side/projections/runner/projection-runner');

const [eventsPath, readModelsPath, killAtText, mode, batchSizeText] = process.argv.slice(2);
const killAt = Number(killAtText);
const fail = (message) => {
  process.stderr.write(`${message}\n`);
  process.exit(3);
};
const die = () => process.kill(process.pid, 'SIGKILL');

const main = async () => {
  const kurrent = process.env.KURRENTDB_CONNECTION_STRING;
  const store =
    kurrent !== undefined && kurrent !== ''
      ? KurrentDbEventStore.fromConnectionString(kurrent)
      : await SqliteEventStore.open({ path: eventsPath, externalChangePollMs: 0 });
  if (store._tag === 'Left') fail(store.left.message);
  const database = ReadModelDatabase.open({ path: readModelsPath });
  if (database._tag === 'Left') fail(database.left.message);
  let committed = 0;
  const hooks = {
    afterEvent: (inBatch) => {
      if (killAt > 0 && mode === 'in-transaction' && committed + inBatch === killAt) die();
    },
    afterCommit: (total) => {
      committed = total;
      if (killAt > 0 && mode === 'after-commit' && total >= killAt) die();
    },
  };
  const created = ProjectionRunner.create({
    store: store.right,
    database: database.right,
    readModels: serviceReadModels,
    batchSize: Number(batchSizeText),
    hooks,
  });
  if (created._tag === 'Left') fail(created.left);
  const runner = created.right;
  runner.start();
  await runner.caughtUp();
  const status = runner.status();
  await runner.stop();
  if (status.state !== 'live') fail(`ended ${status.state}: ${status.error}`);
  database.right.close();
  await store.right.close();
  process.stdout.write(`${JSON.stringify({ applied: committed })}\n`);
};

main().catch((error) => fail(String(error && error.stack)));
