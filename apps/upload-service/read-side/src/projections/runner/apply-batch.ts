import type { GlobalPosition, RecordedEvent } from '@upload-sessions/event-store';
import type { ReadModelDatabase } from '../read-model-database';
import type { ReadModelWriter } from '@upload-sessions/service-core/dialect/read-model';
import type { Checkpoints } from './checkpoints';

/** A read model's writer and the checkpoint row that says how far its tables are. */
export interface ProjectionTarget {
  readonly checkpoint: string;
  readonly version: number;
  readonly writer: ReadModelWriter;
}

export interface BatchFailure {
  readonly checkpoint: string;
  readonly event: RecordedEvent;
  readonly message: string;
}

export interface BatchOutcome {
  /** Events of the batch taken into account by at least one target. */
  readonly applied: number;
  /** Each target's checkpoint after the commit. */
  readonly positions: ReadonlyMap<string, GlobalPosition | null>;
  /** The event no target could read; the events before it were committed. */
  readonly failure: BatchFailure | undefined;
}

export interface BatchHooks {
  /** Called inside the transaction after each event is applied (the kill-point test stops the process here). */
  readonly afterEvent?: (appliedInBatch: number) => void;
}

/**
 * Applies events and moves the checkpoints in ONE transaction. The checkpoints are read inside it and
 * are the only truth: an event at or before a target's checkpoint is skipped, so a batch replayed after
 * a crash, or overtaken by a rebuild that swapped in newer tables, is never applied twice.
 * `upTo`: the log was read to there (a caught-up mark), so the checkpoints may move to it without events.
 */
export const applyBatch = (
  database: ReadModelDatabase,
  checkpoints: Checkpoints,
  targets: readonly ProjectionTarget[],
  events: readonly RecordedEvent[],
  upTo: GlobalPosition | undefined,
  hooks: BatchHooks = {},
): BatchOutcome => {
  try {
    return database.transaction(() => applyInTransaction(checkpoints, targets, events, upTo, hooks));
  } catch (error) {
    // Rolled back: what the writers kept for this batch was never written.
    for (const target of targets) target.writer.discard();
    throw error;
  }
};

const applyInTransaction = (
  checkpoints: Checkpoints,
  targets: readonly ProjectionTarget[],
  events: readonly RecordedEvent[],
  upTo: GlobalPosition | undefined,
  hooks: BatchHooks,
): BatchOutcome => {
  const states = targets.map((target) => {
    const stored = checkpoints.read(target.checkpoint);
    return {
      target,
      position: stored?.position ?? null,
      events: stored?.events ?? 0,
      changed: false,
    };
  });
  let applied = 0;
  let failure: BatchFailure | undefined;
  for (const event of events) {
    let touched = false;
    for (const state of states) {
      if (state.position !== null && event.position <= state.position) continue;
      // ReadModelWriter promises to refuse before writing, so a Left leaves nothing half-applied.
      const result = state.target.writer.apply(event);
      if (result._tag === 'Left') {
        failure = { checkpoint: state.target.checkpoint, event, message: result.left };
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
  for (const state of states) state.target.writer.flush();
  for (const state of states) {
    if (failure === undefined && upTo !== undefined && (state.position === null || upTo > state.position)) {
      state.position = upTo;
      state.changed = true;
    }
    if (state.changed) {
      checkpoints.write({
        name: state.target.checkpoint,
        version: state.target.version,
        position: state.position,
        events: state.events,
      });
    }
  }
  return {
    applied,
    positions: new Map(states.map((s) => [s.target.checkpoint, s.position] as const)),
    failure,
  };
};
