import * as E from 'fp-ts/Either';
import type { EventStore, GlobalPosition } from '@upload-sessions/event-store';
import { distance } from './position-distance';
import type { ProjectionRunner, RunnerState } from './runner/projection-runner';

export interface ReadModelReport {
  readonly name: string;
  readonly version: number;
  /** The last log position the read model has taken into account. */
  readonly position: GlobalPosition | null;
  readonly events: number;
  /** How far behind the head of the log it is, in `lagUnit`. */
  readonly lag: number | null;
}

export interface ProjectionReport {
  readonly state: RunnerState;
  readonly error: string | null;
  readonly headPosition: GlobalPosition | null;
  /** The head could not be read. */
  readonly headError: string | null;
  /** Events on the embedded store (positions count events); bytes of transaction log on KurrentDB. */
  readonly lagUnit: 'events' | 'bytes';
  readonly readModels: readonly ReadModelReport[];
}

/** Where each read model stands against the head of the log: for health and metrics. */
export const projectionReport = async (
  runner: ProjectionRunner,
  store: EventStore,
): Promise<ProjectionReport> => {
  const head = await store.headPosition();
  const headPosition = E.isRight(head) ? (head.right ?? null) : null;
  const status = runner.status();
  return {
    state: status.state,
    error: status.error,
    headPosition,
    headError: E.isLeft(head) ? head.left.message : null,
    lagUnit: headPosition?.includes('/') === true ? 'bytes' : 'events',
    readModels: status.readModels.map((model) => ({
      name: model.name,
      version: model.version,
      position: model.position,
      events: model.events,
      lag: E.isLeft(head) ? null : distance(model.position, headPosition),
    })),
  };
};
