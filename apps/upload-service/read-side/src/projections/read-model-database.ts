import { DatabaseSync, type StatementSync } from 'node:sqlite';
import * as E from 'fp-ts/Either';

/** The read-model database could not be opened or used (a file problem, not a domain refusal). */
export interface ReadModelDatabaseError {
  readonly _tag: 'ReadModelDatabaseError';
  readonly message: string;
}

export const readModelDatabaseError = (message: string, cause?: unknown): ReadModelDatabaseError => ({
  _tag: 'ReadModelDatabaseError',
  message:
    cause === undefined ? message : `${message}: ${cause instanceof Error ? cause.message : String(cause)}`,
});

export interface ReadModelDatabaseOptions {
  /** The file (created if missing); kept apart from the event store so either can be rebuilt. */
  readonly path: string;
  /**
   * How long a write waits for another process's transaction (a rebuild running beside the service).
   * node:sqlite waits synchronously, so keep it short. Default 5000 ms.
   */
  readonly busyTimeoutMs?: number;
}

/**
 * The instance's read models: one SQLite file, a writer connection for the projections and a
 * query-only connection for reads (WAL: readers never wait for the writer and see whole transactions).
 *
 * synchronous=NORMAL: a commit survives a process crash; after a power loss the last commits may be
 * gone, but each took its checkpoint with it, so the projection simply applies those events again.
 */
export class ReadModelDatabase {
  private closed = false;
  // Prepared once: exec() would parse them again for every transaction (one per live batch).
  private readonly begin: StatementSync;
  private readonly commit: StatementSync;

  private constructor(
    readonly path: string,
    readonly writer: DatabaseSync,
    readonly reader: DatabaseSync,
  ) {
    this.begin = writer.prepare('BEGIN IMMEDIATE');
    this.commit = writer.prepare('COMMIT');
  }

  static open(options: ReadModelDatabaseOptions): E.Either<ReadModelDatabaseError, ReadModelDatabase> {
    const opened: DatabaseSync[] = [];
    const busy = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
    try {
      const writer = new DatabaseSync(options.path);
      opened.push(writer);
      writer.exec(`PRAGMA busy_timeout = ${busy}`);
      const { journal_mode: mode } = writer.prepare('PRAGMA journal_mode = WAL').get() as {
        journal_mode: string;
      };
      if (mode !== 'wal') throw new Error(`journal mode ${mode} instead of wal; give a file path`);
      writer.exec('PRAGMA synchronous = NORMAL');
      const reader = new DatabaseSync(options.path);
      opened.push(reader);
      reader.exec(`PRAGMA busy_timeout = ${busy}`);
      reader.exec('PRAGMA query_only = ON');
      return E.right(new ReadModelDatabase(options.path, writer, reader));
    } catch (error) {
      opened.forEach((db) => db.close());
      return E.left(readModelDatabaseError(`opening read models at ${options.path}`, error));
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /**
   * Runs `work` in one write transaction (BEGIN IMMEDIATE: the write lock is taken up front, so the
   * transaction never fails half-way on a lock upgrade). A throw rolls everything back and rethrows.
   */
  transaction<T>(work: (writer: DatabaseSync) => T): T {
    // Inside an open transaction (a rebuild's swap catching up), the work joins it.
    if (this.writer.isTransaction) return work(this.writer);
    this.begin.run();
    try {
      const result = work(this.writer);
      this.commit.run();
      return result;
    } catch (error) {
      if (this.writer.isTransaction) this.writer.exec('ROLLBACK');
      throw error;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.writer.close();
    this.reader.close();
  }
}
