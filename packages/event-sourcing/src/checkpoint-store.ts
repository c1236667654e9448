import type { GlobalPosition } from '@upload-sessions/event-store';

/** Where a processor stands: the last global position it has taken into account (null: none yet). */
export interface Checkpoint {
  readonly name: string;
  /** The version of what the processor builds (a projection's tables); a new version starts over. */
  readonly version: number;
  readonly position: GlobalPosition | null;
  /** Events taken into account since the processor started from scratch. */
  readonly events: number;
  readonly updatedAt: string;
}

/**
 * Checkpoints by processor name. `Tx`: the transaction handle it shares with the views a projector
 * writes, so that a view and its checkpoint commit together or not at all.
 */
export interface CheckpointStore<Tx> {
  /** `tx` absent: outside any transaction (where to resume, status). */
  read(name: string, tx?: Tx): Checkpoint | undefined;
  write(checkpoint: Omit<Checkpoint, 'updatedAt'>, tx: Tx): void;
}

/** A database that runs work in one transaction (rolled back if the work throws). */
export interface Transactional<Tx> {
  transaction<T>(work: (tx: Tx) => T): T;
}

/** Checkpoints in memory, for tests and for processors that may start over after a restart. */
export class InMemoryCheckpointStore implements CheckpointStore<void>, Transactional<void> {
  private readonly rows = new Map<string, Checkpoint>();

  read(name: string): Checkpoint | undefined {
    return this.rows.get(name);
  }

  write(checkpoint: Omit<Checkpoint, 'updatedAt'>): void {
    this.rows.set(checkpoint.name, { ...checkpoint, updatedAt: new Date().toISOString() });
  }

  /** Rolls the checkpoints back when the work throws, as a database would. */
  transaction<T>(work: (tx: void) => T): T {
    const before = new Map(this.rows);
    try {
      return work(undefined);
    } catch (error) {
      this.rows.clear();
      for (const [name, row] of before) this.rows.set(name, row);
      throw error;
    }
  }
}
