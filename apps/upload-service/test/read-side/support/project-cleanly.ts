import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import { ReadModelDatabase } from '@upload-sessions/read-side/projections/read-model-database';
import { serviceReadModels } from '../../../src/app/service-read-models';
import { ProjectionRunner } from '@upload-sessions/read-side/projections/runner/projection-runner';
import { dumpReadModels } from './dump-read-models';

/**
 * The reference the crash tests compare with: the service's read models projected from `store` in one
 * clean, uninterrupted run into a new file at `path`; returns their dump.
 */
export const projectCleanly = async (store: EventStore, path: string): Promise<Record<string, unknown>> => {
  const database = ReadModelDatabase.open({ path });
  if (E.isLeft(database)) throw new Error(database.left.message);
  try {
    const runner = ProjectionRunner.create({
      store,
      database: database.right,
      readModels: serviceReadModels,
    });
    if (E.isLeft(runner)) throw new Error(runner.left);
    runner.right.start();
    await runner.right.caughtUp();
    await runner.right.stop();
  } finally {
    database.right.close();
  }
  return dumpReadModels(path, serviceReadModels);
};
