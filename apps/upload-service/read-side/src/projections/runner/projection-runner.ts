import type { DatabaseSync } from 'node:sqlite';
import * as E from 'fp-ts/Either';
import {
  Projector,
  type BatchHooks,
  type ProcessorLog,
  type ProcessorState,
} from '@upload-sessions/event-sourcing';
import type { EventStore, GlobalPosition } from '@upload-sessions/event-store';
import type { ReadModelDatabase } from '../read-model-database';
import { liveTables, type ReadModel } from '@upload-sessions/service-core/dialect/read-model';
import { Checkpoints } from './checkpoints';
import { PositionWaiters } from './position-waiters';
import { prepareTables } from './prepare-tables';

export type RunnerState = ProcessorState;

export type RunnerLog = ProcessorLog;

export interface ProjectionRunnerOptions {
  readonly store: EventStore;
  readonly database: ReadModelDatabase;
  readonly readModels: readonly ReadModel[];
  /** Most events per transaction while catching up (live events commit as soon as none is waiting). */
  readonly batchSize?: number;
  /** Wait before resubscribing after a failure (an unreadable event, a database error). */
  readonly retryDelayMs?: number;
  readonly log?: RunnerLog;
  readonly hooks?: BatchHooks & {
    /** Called after each commit with the number of events applied so far by this runner. */
    readonly afterCommit?: (appliedTotal: number) => void;
  };
}

export interface ReadModelStatus {
  readonly name: string;
  readonly version: number;
  readonly position: GlobalPosition | null;
  readonly events: number;
  readonly updatedAt: string | null;
}

export interface RunnerStatus {
  readonly state: RunnerState;
  readonly error: string | null;
  readonly readModels: readonly ReadModelStatus[];
  /** When the runner last committed a change (ISO-8601), this process. */
  readonly lastCommitAt: string | null;
}

/**
 * Keeps the read models up to date: the service's projector (see the event-sourcing core), with the
 * read models as its projections (one subscription to their stream categories from the lowest
 * checkpoint; each batch and the checkpoints in one transaction of the read-model database), plus the
 * position waits read-your-writes needs and the status health and metrics report.
 */
export class ProjectionRunner {
  private readonly checkpoints: Checkpoints;
  private readonly waiters = new PositionWaiters();
  private readonly projector: Projector<DatabaseSync>;
  private applied = 0;
  private lastCommitAt: string | null = null;

  private constructor(private readonly options: ProjectionRunnerOptions) {
    const { database, readModels } = options;
    this.checkpoints = new Checkpoints(database.writer);
    for (const model of readModels) {
      const prepared = prepareTables(database, this.checkpoints, model, liveTables, model.name, false);
      if (prepared !== 'kept')
        options.log?.('info', `read model ${model.name}: tables ${prepared}, replaying from the start`);
    }
    this.projector = new Projector({
      id: 'projection',
      store: options.store,
      database,
      checkpoints: this.checkpoints,
      projections: readModels.map((model) => ({
        name: model.name,
        version: model.version,
        // Trusted decode: the events come from the service's own log, as in a rebuild (see WriterOptions).
        writer: model.writer(database.writer, liveTables, { trusted: true }),
      })),
      streamPrefixes: readModels.flatMap((m) => m.streamPrefixes),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
      ...(options.log !== undefined ? { log: options.log } : {}),
      hooks: {
        ...(options.hooks?.afterEvent !== undefined ? { afterEvent: options.hooks.afterEvent } : {}),
        afterCommit: (outcome, reached) => {
          this.applied += outcome.applied;
          this.lastCommitAt = new Date().toISOString();
          this.waiters.advance(reached ?? undefined);
          options.hooks?.afterCommit?.(this.applied);
        },
      },
    });
    this.waiters.advance(this.projector.position ?? undefined);
  }

  /** Prepares the tables (replacing those of another version) without starting. */
  static create(options: ProjectionRunnerOptions): E.Either<string, ProjectionRunner> {
    try {
      return E.right(new ProjectionRunner(options));
    } catch (error) {
      return E.left(`preparing read models: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  start(): void {
    this.projector.start();
  }

  /**
   * Stops applying events until `resume()` (maintenance; tests use it to hold the read models behind).
   * Reads that wait for a position meanwhile wait up to their bound.
   */
  pause(): void {
    this.projector.pause();
  }

  resume(): void {
    this.projector.resume();
  }

  get paused(): boolean {
    return this.projector.paused;
  }

  async stop(): Promise<void> {
    await this.projector.stop();
    this.waiters.close();
  }

  /** The position every read model has reached (undefined: none yet). */
  get position(): GlobalPosition | undefined {
    return this.waiters.position;
  }

  /** Resolves true once every read model has reached `position`, false after `timeoutMs`. */
  waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean> {
    return this.waiters.wait(position, timeoutMs);
  }

  /** Resolves when the runner has caught up with the log (or stopped). */
  caughtUp(): Promise<void> {
    return this.projector.caughtUp();
  }

  get pendingWaits(): number {
    return this.waiters.pending;
  }

  /** The committed checkpoints (read from the database: a rebuild may have swapped tables in meanwhile). */
  status(): RunnerStatus {
    const stored = new Map(this.checkpoints.all().map((c) => [c.name, c] as const));
    return {
      state: this.projector.state,
      error: this.projector.error,
      lastCommitAt: this.lastCommitAt,
      readModels: this.options.readModels.map((model) => {
        const checkpoint = stored.get(model.name);
        return {
          name: model.name,
          version: model.version,
          position: checkpoint?.position ?? null,
          events: checkpoint?.events ?? 0,
          updatedAt: checkpoint?.updatedAt ?? null,
        };
      }),
    };
  }
}
