import type * as E from 'fp-ts/Either';
import type { EventStore, GlobalPosition, RecordedEvent } from '@upload-sessions/event-store';
import type { CheckpointStore, Transactional } from './checkpoint-store';
import { Processor, type ProcessorLog, type ProcessorState } from './processor';

/**
 * Writes events into a view. It may keep what `apply` changed in memory until `flush`, which the batch
 * calls inside the same transaction before moving the checkpoint; `discard` forgets it when the
 * transaction is rolled back.
 */
export interface ProjectionWriter<Tx> {
  /** Applies one event. Left: the event cannot be read (and nothing was changed for it). */
  apply(event: RecordedEvent, tx: Tx): E.Either<string, void>;
  flush(tx: Tx): void;
  discard(): void;
}

/** A view and the checkpoint that says how far it is. */
export interface Projection<Tx> {
  /** Also the name of its checkpoint. */
  readonly name: string;
  readonly version: number;
  readonly writer: ProjectionWriter<Tx>;
}

export interface BatchFailure {
  readonly checkpoint: string;
  readonly event: RecordedEvent;
  readonly message: string;
}

export interface BatchOutcome {
  /** Events of the batch taken into account by at least one projection. */
  readonly applied: number;
  /** Each projection's checkpoint after the commit. */
  readonly positions: ReadonlyMap<string, GlobalPosition | null>;
  /** The event a projection could not read; the events before it were committed. */
  readonly failure: BatchFailure | undefined;
}

export interface BatchHooks {
  /** Called inside the transaction after each event is applied (a kill-point test stops the process here). */
  readonly afterEvent?: (appliedInBatch: number) => void;
}

/**
 * Applies events and moves the checkpoints in ONE transaction. The checkpoints are read inside it and
 * are the only truth: an event at or before a projection's checkpoint is skipped, so a batch replayed
 * after a crash, or overtaken by a rebuild that swapped in newer views, is never applied twice.
 * `upTo`: the log was read to there (a caught-up mark), so the checkpoints may move to it without events.
 */
export const applyProjections = <Tx>(
  database: Transactional<Tx>,
  checkpoints: CheckpointStore<Tx>,
  projections: readonly Projection<Tx>[],
  events: readonly RecordedEvent[],
  upTo: GlobalPosition | undefined,
  hooks: BatchHooks = {},
): BatchOutcome => {
  try {
    return database.transaction((tx) =>
      applyInTransaction(tx, checkpoints, projections, events, upTo, hooks),
    );
  } catch (error) {
    // Rolled back: what the writers kept for this batch was never written.
    for (const projection of projections) projection.writer.discard();
    throw error;
  }
};

const applyInTransaction = <Tx>(
  tx: Tx,
  checkpoints: CheckpointStore<Tx>,
  projections: readonly Projection<Tx>[],
  events: readonly RecordedEvent[],
  upTo: GlobalPosition | undefined,
  hooks: BatchHooks,
): BatchOutcome => {
  const states = projections.map((projection) => {
    const stored = checkpoints.read(projection.name, tx);
    return { projection, position: stored?.position ?? null, events: stored?.events ?? 0, changed: false };
  });
  let applied = 0;
  let failure: BatchFailure | undefined;
  for (const event of events) {
    let touched = false;
    for (const state of states) {
      if (state.position !== null && event.position <= state.position) continue;
      const result = state.projection.writer.apply(event, tx);
      if (result._tag === 'Left') {
        failure = { checkpoint: state.projection.name, event, message: result.left };
        break;
      }
      state.position = event.position;
      state.events += 1;
      state.changed = true;
      touched = true;
    }
    if (failure !== undefined) break;
    if (touched) {
      applied += 1;
      hooks.afterEvent?.(applied);
    }
  }
  // The events before a failure are kept: their rows go in with the checkpoints that cover them.
  for (const state of states) state.projection.writer.flush(tx);
  for (const state of states) {
    if (failure === undefined && upTo !== undefined && (state.position === null || upTo > state.position)) {
      state.position = upTo;
      state.changed = true;
    }
    if (state.changed) {
      checkpoints.write(
        {
          name: state.projection.name,
          version: state.projection.version,
          position: state.position,
          events: state.events,
        },
        tx,
      );
    }
  }
  return {
    applied,
    positions: new Map(states.map((s) => [s.projection.name, s.position] as const)),
    failure,
  };
};

/** The lowest of the positions; null when any is null (that projection has seen nothing yet). */
export const lowestPosition = (positions: Iterable<GlobalPosition | null>): GlobalPosition | null => {
  let min: GlobalPosition | null | undefined;
  for (const p of positions) {
    if (p === null) return null;
    if (min === undefined || min === null || p < min) min = p;
  }
  return min ?? null;
};

export interface ProjectorOptions<Tx> {
  readonly id: string;
  readonly store: EventStore;
  /** The views and the checkpoint store share its transactions. */
  readonly database: Transactional<Tx>;
  readonly checkpoints: CheckpointStore<Tx>;
  readonly projections: readonly Projection<Tx>[];
  /** The stream categories the projections read. */
  readonly streamPrefixes: readonly string[];
  /** Most events per transaction while catching up (live events commit as soon as none is waiting). */
  readonly batchSize?: number;
  /** Least time between two live transactions (see ProcessorOptions.liveIntervalMs). */
  readonly liveIntervalMs?: number;
  /** Wait before resubscribing after a failure (an unreadable event, a database error). */
  readonly retryDelayMs?: number;
  readonly log?: ProcessorLog;
  readonly hooks?: BatchHooks & {
    /** After each commit: the batch's outcome and the position every projection has reached. */
    readonly afterCommit?: (outcome: BatchOutcome, reached: GlobalPosition | null) => void;
  };
}

/**
 * A processor whose batches go into views: one catch-up subscription from the lowest checkpoint, each
 * batch and the checkpoints in one transaction (see applyProjections). A crash at any point loses
 * nothing and applies nothing twice: the next start resumes from the committed checkpoints.
 */
export class Projector<Tx> {
  private readonly processor: Processor;
  private readonly positions = new Map<string, GlobalPosition | null>();

  constructor(private readonly options: ProjectorOptions<Tx>) {
    for (const projection of options.projections)
      this.positions.set(projection.name, options.checkpoints.read(projection.name)?.position ?? null);
    this.processor = new Processor({
      id: options.id,
      store: options.store,
      filter: { streamPrefixes: [...new Set(options.streamPrefixes)] },
      resumeFrom: () => this.position,
      handleBatch: (events, upTo) => this.commit(events, upTo),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.liveIntervalMs !== undefined ? { liveIntervalMs: options.liveIntervalMs } : {}),
      ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
      ...(options.log !== undefined ? { log: options.log } : {}),
      failureLog: { level: 'error', message: `${options.id} failed; retrying` },
    });
  }

  /** The position every projection has reached (null: not all have seen an event yet). */
  get position(): GlobalPosition | null {
    return lowestPosition(this.positions.values());
  }

  get state(): ProcessorState {
    return this.processor.status.state;
  }

  get error(): string | null {
    return this.processor.status.error;
  }

  get paused(): boolean {
    return this.processor.paused;
  }

  start(): void {
    this.processor.start();
  }

  stop(): Promise<void> {
    return this.processor.stop();
  }

  pause(): void {
    this.processor.pause();
  }

  resume(): void {
    this.processor.resume();
  }

  caughtUp(): Promise<void> {
    return this.processor.caughtUp();
  }

  private commit(events: readonly RecordedEvent[], upTo: GlobalPosition | undefined): string | undefined {
    if (events.length === 0) {
      const current = this.position;
      if (upTo === undefined || (current !== null && upTo <= current)) return undefined;
    }
    const outcome = applyProjections(
      this.options.database,
      this.options.checkpoints,
      this.options.projections,
      events,
      upTo,
      this.options.hooks,
    );
    for (const [name, position] of outcome.positions) this.positions.set(name, position);
    this.options.hooks?.afterCommit?.(outcome, this.position);
    if (outcome.failure === undefined) return undefined;
    const { event, checkpoint, message } = outcome.failure;
    return `read model ${checkpoint} cannot apply ${event.type} at ${event.position}: ${message}`;
  }
}
