import type { Provider } from '@nestjs/common';
import { ReadModels } from '@upload-sessions/read-side/projections/read-models';
import { ReadModelDatabase } from '@upload-sessions/read-side/projections/read-model-database';
import { ProjectionRunner } from '@upload-sessions/read-side/projections/runner/projection-runner';
import { ReadGate } from '@upload-sessions/read-side/read-your-writes/read-gate';
import { LibraryReadModelQueries } from './library-read-model-queries';

/** The library queries behind the read-your-writes gate: a ReadModels<LibraryReadModelQueries>. */
export const LIBRARY_READ_MODELS = Symbol('LibraryReadModels');

export const libraryReadModelsProvider: Provider = {
  provide: LIBRARY_READ_MODELS,
  // After the runner: it creates the tables the queries are prepared against.
  inject: [ReadGate, ReadModelDatabase, ProjectionRunner],
  useFactory: (gate: ReadGate, database: ReadModelDatabase) =>
    new ReadModels(gate, new LibraryReadModelQueries(database.reader)),
};
