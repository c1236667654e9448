import { left, right, type Either } from 'fp-ts/Either';
import { DatabaseSync } from 'node:sqlite';
import {
  catchUpSubscription,
  CommitSignal,
  parsePosition,
  storeUnavailable,
  streamNotFound,
  type AppendResult,
  type EventStore,
  type EventStoreError,
  type ExpectedRevision,
  type GlobalFilter,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllResult,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreUnavailable,
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionPage,
  type WrongExpectedRevision,
} from '@upload-sessions/event-store';
import { RecentEvents } from './recent-events';
import { migrate } from './schema';
import { unavailable } from './sqlite-errors';
import { SqliteReader } from './sqlite-reader';
import {
  SqliteWriter,
  type AppendOutcome,
  type AppendRequest,
  type MultiAppendOutcome,
  type MultiAppendRequest,
} from './sqlite-writer';

export interface SqliteEventStoreOptions {
  /** The database file (created if missing). One file holds the whole store. */
  readonly path: string;
  /**
   * Default true: appends issued while a flush is pending share one transaction and one WAL sync.
   * False: one transaction and sync per append (for comparison; see bench/event-store).
   */
  readonly groupCommit?: boolean;
  /**
   * Subscriptions wake on this process's commits directly. Another process writing to the same file is
   * noticed by checking SQLite's data_version this often (cheap, no read of the data). 0 turns it off.
   * Default 1000 ms.
   */
  readonly externalChangePollMs?: number;
  /**
   * How long an operation waits for another process's lock before it is StoreUnavailable. The wait
   * blocks the event loop (node:sqlite is synchronous), so keep it short. Default 5000 ms.
   */
  readonly busyTimeoutMs?: number;
}

const WAL_AUTOCHECKPOINT_PAGES = 4000;

/** Bounds one transaction's size (and the event-loop time one flush takes) under a large backlog. */
const MAX_BATCH = 1000;

type QueuedAppend =
  | (AppendRequest & { readonly resolve: (outcome: AppendOutcome) => void })
  | (MultiAppendRequest & { readonly resolve: (outcome: MultiAppendOutcome) => void });

const closedError = (): StoreUnavailable => storeUnavailable('The SQLite event store is closed');

/** Serialises an append's JSON up front, so a bad value fails that append alone, before any transaction. */
const toRequest = (
  streamName: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): Either<StoreUnavailable, AppendRequest> => {
  try {
    const serialised = events.map((e) => ({
      id: e.id,
      type: e.type,
      data: JSON.stringify(e.data),
      metadata: JSON.stringify(e.metadata),
    }));
    return right({ streamName, expected, events: serialised });
  } catch (error) {
    return left(storeUnavailable('Event data or metadata is not serialisable as JSON', error));
  }
};

/**
 * The embedded event store: one SQLite file through Node's built-in `node:sqlite` (no native addon).
 *
 * Durability: WAL journal with `synchronous=FULL`, so SQLite syncs the WAL on every commit and a commit
 * that returned is on stable storage: it survives kill -9 (the WAL is replayed on open) and power loss.
 * (With NORMAL, WAL commits survive a process crash but the last ones may be lost on power loss.) An
 * append is acknowledged only after its commit returned.
 *
 * Writes go through one writer connection; reads through a second, query-only connection that sees
 * committed snapshots. Positions are the rowid, assigned by the single writer in commit order.
 * node:sqlite is synchronous: a commit (and its fsync) runs on the event loop. Group commit keeps that
 * to one sync per batch of concurrent appends.
 */
export class SqliteEventStore implements EventStore {
  private readonly signal = new CommitSignal();
  private readonly queue: QueuedAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly poll: NodeJS.Timeout | undefined;
  private seenVersion: number;
  private transactions = 0;
  private readonly recent = new RecentEvents();
  private memoryPages = 0;

  private constructor(
    private readonly writerDb: DatabaseSync,
    private readonly readerDb: DatabaseSync,
    private readonly writer: SqliteWriter,
    private readonly reader: SqliteReader,
    private readonly groupCommit: boolean,
    externalChangePollMs: number,
  ) {
    this.seenVersion = reader.version();
    this.poll =
      externalChangePollMs > 0
        ? setInterval(() => this.checkExternalChanges(), externalChangePollMs).unref()
        : undefined;
  }

  static async open(options: SqliteEventStoreOptions): Promise<Either<StoreUnavailable, SqliteEventStore>> {
    const opened: DatabaseSync[] = [];
    const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
    try {
      const writerDb = new DatabaseSync(options.path);
      opened.push(writerDb);
      writerDb.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
      const { journal_mode: mode } = writerDb.prepare('PRAGMA journal_mode = WAL').get() as {
        journal_mode: string;
      };
      if (mode !== 'wal') {
        opened.forEach((db) => db.close());
        return left(
          storeUnavailable(`${options.path} cannot use WAL (journal mode ${mode}); give a file path`),
        );
      }
      writerDb.exec('PRAGMA synchronous = FULL');
      // Checkpoint every ~16 MiB of WAL instead of SQLite's 4 MiB: pages that many commits dirty (index
      // leaves, the table's last page) are copied back once instead of several times. Durability is unchanged:
      // a commit is durable once its WAL frames are synced, whenever they are checkpointed.
      writerDb.exec(`PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      const migrated = migrate(writerDb);
      if (migrated._tag === 'Left') {
        opened.forEach((db) => db.close());
        return migrated;
      }

      const readerDb = new DatabaseSync(options.path);
      opened.push(readerDb);
      readerDb.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
      readerDb.exec('PRAGMA query_only = ON');

      return right(
        new SqliteEventStore(
          writerDb,
          readerDb,
          new SqliteWriter(writerDb),
          new SqliteReader(readerDb),
          options.groupCommit ?? true,
          options.externalChangePollMs ?? 1000,
        ),
      );
    } catch (error) {
      opened.forEach((db) => db.close());
      return left(unavailable(`opening ${options.path}`, error));
    }
  }

  /** Transactions committed or attempted by the writer so far (group commit makes this lower than appends). */
  get transactionCount(): number {
    return this.transactions;
  }

  /** Pages of the log (readAll, subscriptions) answered from the rows this process committed last. */
  get pagesFromMemory(): number {
    return this.memoryPages;
  }

  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<Either<WrongExpectedRevision | StoreUnavailable, AppendResult>> {
    if (this.closed) return Promise.resolve(left(closedError()));
    const request = toRequest(streamName, events, options.expectedRevision);
    if (request._tag === 'Left') return Promise.resolve(request);
    return new Promise((resolve) => {
      this.queue.push({ ...request.right, resolve });
      this.scheduleFlush();
    });
  }

  appendToStreams(
    appends: readonly StreamAppend[],
  ): Promise<Either<WrongExpectedRevision | StoreUnavailable, readonly AppendResult[]>> {
    if (this.closed) return Promise.resolve(left(closedError()));
    const parts: AppendRequest[] = [];
    for (const append of appends) {
      const request = toRequest(append.streamName, append.events, append.expectedRevision);
      if (request._tag === 'Left') return Promise.resolve(request);
      parts.push(request.right);
    }
    // One entry of the queue: its parts share a savepoint inside the group commit's transaction.
    return new Promise((resolve) => {
      this.queue.push({ parts, resolve });
      this.scheduleFlush();
    });
  }

  async readStream(
    streamName: string,
    options: ReadStreamOptions = {},
  ): Promise<Either<EventStoreError, readonly RecordedEvent[]>> {
    if (this.closed) return left(closedError());
    try {
      const events = this.reader.readStream(streamName, options);
      return events === undefined ? left(streamNotFound(streamName)) : right(events);
    } catch (error) {
      return left(unavailable('readStream', error));
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<Either<StoreUnavailable, ReadAllResult>> {
    const page = this.readPage(options.after, options.maxCount, options.filter);
    return page._tag === 'Left' ? page : right({ events: page.right.events, isEnd: page.right.isEnd });
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    return catchUpSubscription(
      async (after, maxCount, filter) => this.readPage(after, maxCount, filter),
      this.signal,
      options,
    );
  }

  async headPosition(): Promise<Either<StoreUnavailable, GlobalPosition | undefined>> {
    if (this.closed) return left(closedError());
    try {
      return right(this.reader.headPosition());
    } catch (error) {
      return left(unavailable('headPosition', error));
    }
  }

  /** Commits appends already accepted, ends subscriptions, closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.poll !== undefined) clearInterval(this.poll);
    this.signal.close();
    this.writerDb.close();
    this.readerDb.close();
  }

  private readPage(
    after: GlobalPosition | undefined,
    maxCount: number | undefined,
    filter: GlobalFilter | undefined,
  ): Either<StoreUnavailable, SubscriptionPage> {
    if (this.closed) return left(closedError());
    if (after !== undefined && parsePosition(after) === undefined) {
      return left(storeUnavailable(`Not a global position: ${JSON.stringify(after)}`));
    }
    try {
      const recent = this.recent.page(after, maxCount, filter, () => this.reader.headCounter());
      if (recent === undefined) return right(this.reader.page(after, maxCount, filter));
      this.memoryPages += 1;
      return right(recent);
    } catch (error) {
      return left(unavailable('readAll', error));
    }
  }

  /**
   * setImmediate, not a timer: the flush runs as soon as the appends issued in this turn are queued.
   * Both modes go through it, so an append loop always yields to I/O and timers between commits (a
   * synchronous commit resolved in a microtask would let a tight append loop starve the event loop).
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && !this.closed) {
      const batch = this.groupCommit ? this.queue.splice(0, MAX_BATCH) : this.queue.splice(0, 1);
      this.transactions += 1;
      const { outcomes, rows } = this.writer.commit(batch);
      if (rows.length > 0) {
        this.recent.add(rows);
        this.signal.notify();
      }
      batch.forEach((append, i) =>
        (append.resolve as (outcome: AppendOutcome | MultiAppendOutcome) => void)(
          outcomes[i] ?? (left(closedError()) as AppendOutcome),
        ),
      );
    }
  }

  private checkExternalChanges(): void {
    try {
      const version = this.reader.version();
      if (version !== this.seenVersion) {
        this.seenVersion = version;
        this.signal.notify();
      }
    } catch {
      // The next read reports the problem to whoever reads.
    }
  }
}
