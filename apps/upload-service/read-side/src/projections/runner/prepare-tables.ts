import type { ReadModelDatabase } from '../read-model-database';
import type { ReadModel, TableNames } from '@upload-sessions/service-core/dialect/read-model';
import { tableExists, type Checkpoints } from './checkpoints';

export type Preparation = 'kept' | 'created' | 'replaced';

/**
 * Makes a read model's tables ready under `names`, in one transaction with its checkpoint: kept when
 * they exist and were built by this version; otherwise dropped, created empty and the checkpoint reset,
 * so that the projection replays the log into them from the start. `fresh` always starts empty.
 * `withIndexes` false leaves the secondary indexes to `model.createIndexes` (a rebuild, once filled).
 */
export const prepareTables = (
  database: ReadModelDatabase,
  checkpoints: Checkpoints,
  model: ReadModel,
  names: TableNames,
  checkpointName: string,
  fresh: boolean,
  withIndexes = true,
): Preparation =>
  database.transaction(() => {
    const db = database.writer;
    const checkpoint = checkpoints.read(checkpointName);
    const present = model.tables.filter((table) => tableExists(db, names(table)));
    if (!fresh && checkpoint?.version === model.version && present.length === model.tables.length)
      return 'kept';
    for (const table of present) db.exec(`DROP TABLE ${names(table)}`);
    model.createTables(db, names, withIndexes);
    checkpoints.write({ name: checkpointName, version: model.version, position: null, events: 0 });
    return checkpoint === undefined && present.length === 0 ? 'created' : 'replaced';
  });
