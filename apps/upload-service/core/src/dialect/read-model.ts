import type { DatabaseSync } from 'node:sqlite';
import type * as E from 'fp-ts/Either';
import type { RecordedEvent } from '@upload-sessions/event-store';

/** Maps a read model's logical table names to real ones: the live tables, or a rebuild's shadow copies. */
export type TableNames = (logical: string) => string;

export const liveTables: TableNames = (logical) => logical;
export const SHADOW_PREFIX = 'rebuild__';
export const shadowTables: TableNames = (logical) => `${SHADOW_PREFIX}${logical}`;

/**
 * Writes events into one set of tables; statements are prepared once per connection and names.
 * A writer may keep what `apply` changed in memory until `flush`, which the batch calls inside the same
 * transaction before moving the checkpoint (a stream touched by several events of a batch is then
 * read and written once). `discard` forgets it when the transaction is rolled back.
 */
export interface ReadModelWriter {
  /** Applies one event. Left: the event cannot be read (nothing was changed for it). */
  apply(event: RecordedEvent): E.Either<string, void>;
  flush(): void;
  discard(): void;
}

/** How a writer is used. */
export interface WriterOptions {
  /**
   * Replaying the service's own log into fresh tables (a rebuild): events may be decoded without
   * re-validating what the service's serializer wrote (old schema versions still upcast).
   */
  readonly replay?: boolean;
  /**
   * The live projection of the service's own log: decoded like a replay, without re-validating data the
   * service's serializer wrote (unknown types are still refused and old versions still upcast; commands
   * loading a stream keep the strict decode). The log a rebuild trusts is the same log.
   */
  readonly trusted?: boolean;
  /**
   * The writer alone fills tables `createTables(…, false)` made, until `createIndexes`: it may find its
   * rows without the id index (a rebuild then appends rows instead of inserting into a random-key index).
   * Its writers are replaced once the indexes exist.
   */
  readonly unindexed?: boolean;
}

/**
 * A read model: tables in the instance's read-model database, kept up to date by the projection
 * runner from the events of some stream categories.
 */
export interface ReadModel {
  /** Also the name of its checkpoint, in health and metrics. */
  readonly name: string;
  /** Raise it when the tables or what `apply` writes change: the read model is then replayed from the start. */
  readonly version: number;
  /** The stream categories it reads (the runner subscribes to the union of all read models' prefixes). */
  readonly streamPrefixes: readonly string[];
  /** Its logical table names (dropped and renamed together by a rebuild). */
  readonly tables: readonly string[];
  /**
   * `withIndexes` false: the tables without any index (not even their keys'), for a rebuild that fills
   * them first with `unindexed` writers and then calls `createIndexes` (one sorted build per index
   * instead of an index update per row).
   */
  createTables(db: DatabaseSync, names: TableNames, withIndexes?: boolean): void;
  /** The indexes `createTables(…, false)` left out. */
  createIndexes(db: DatabaseSync, names: TableNames): void;
  writer(db: DatabaseSync, names: TableNames, options?: WriterOptions): ReadModelWriter;
}
