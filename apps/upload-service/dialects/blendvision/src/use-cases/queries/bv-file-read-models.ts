import type { Provider } from '@nestjs/common';
import { ReadModels } from '@upload-sessions/read-side/projections/read-models';
import { ReadModelDatabase } from '@upload-sessions/read-side/projections/read-model-database';
import { ProjectionRunner } from '@upload-sessions/read-side/projections/runner/projection-runner';
import { ReadGate } from '@upload-sessions/read-side/read-your-writes/read-gate';
import { BvFileQueries } from './bv-file-queries';

/** The file queries behind the read-your-writes gate: a ReadModels<BvFileQueries>. */
export const BV_FILE_READ_MODELS = Symbol('BvFileReadModels');

export const bvFileReadModelsProvider: Provider = {
  provide: BV_FILE_READ_MODELS,
  // After the runner: it creates the tables the queries are prepared against.
  inject: [ReadGate, ReadModelDatabase, ProjectionRunner],
  useFactory: (gate: ReadGate, database: ReadModelDatabase) =>
    new ReadModels(gate, new BvFileQueries(database.reader)),
};
