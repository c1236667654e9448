import { left, right, type Either } from 'fp-ts/Either';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import {
  expectationHolds,
  positionFromNumber,
  retryStartsAt,
  wrongExpectedRevision,
  type AppendResult,
  type ExpectedRevision,
  type StoreUnavailable,
  type WrongExpectedRevision,
} from '@upload-sessions/event-store';
import { isConstraintViolation, unavailable } from './sqlite-errors';
import type { EventRow } from './sqlite-reader';

/** An append with its JSON already serialised, so that nothing in the transaction can fail on input. */
export interface AppendRequest {
  readonly streamName: string;
  readonly expected: ExpectedRevision;
  readonly events: ReadonlyArray<{
    readonly id: string;
    readonly type: string;
    readonly data: string;
    readonly metadata: string;
  }>;
}

export type AppendOutcome = Either<WrongExpectedRevision | StoreUnavailable, AppendResult>;

/** Appends to several streams that go in together or not at all. */
export interface MultiAppendRequest {
  readonly parts: readonly AppendRequest[];
}

export type MultiAppendOutcome = Either<WrongExpectedRevision | StoreUnavailable, AppendResult[]>;

export type WriteRequest = AppendRequest | MultiAppendRequest;

const isMulti = (request: WriteRequest): request is MultiAppendRequest => 'parts' in request;

interface LastEventRow {
  readonly revision: number;
  readonly position: number;
}

/** Bounds the stream-head cache; past it the cache starts again empty (heads are re-read on demand). */
const MAX_CACHED_HEADS = 50_000;

/**
 * The one connection that writes. `commit` runs a batch of appends in one transaction (one WAL sync)
 * and judges each append on its own, against the stream as earlier appends of the same batch left it:
 * the transaction sees its own uncommitted rows, and a failing append is rolled back to its savepoint
 * without touching its batch-mates.
 */
export class SqliteWriter {
  private readonly lastEvent: StatementSync;
  private readonly eventById: StatementSync;
  private readonly idsFrom: StatementSync;
  private readonly insert: StatementSync;
  // Prepared once: exec() would parse these again for every batch and every append.
  private readonly begin: StatementSync;
  private readonly end: StatementSync;
  private readonly savepoint: StatementSync;
  private readonly release: StatementSync;
  private readonly rollbackTo: StatementSync;
  private readonly savepointMulti: StatementSync;
  private readonly releaseMulti: StatementSync;
  private readonly rollbackToMulti: StatementSync;
  private readonly dataVersion: StatementSync;
  /**
   * Each stream's last revision and position as this writer left them, so an append skips its
   * `lastEvent` read. Valid while no other connection committed: SQLite's data_version (read inside
   * the write transaction, which holds the write lock) changes only on other connections' commits.
   */
  private readonly heads = new Map<string, LastEventRow | undefined>();
  private headsVersion = -1;
  /** The rows the current transaction inserted and kept (a savepoint rolled back takes its own out). */
  private inserted: EventRow[] = [];

  constructor(private readonly db: DatabaseSync) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.end = db.prepare('COMMIT');
    this.savepoint = db.prepare('SAVEPOINT append');
    this.release = db.prepare('RELEASE append');
    this.rollbackTo = db.prepare('ROLLBACK TO append');
    this.savepointMulti = db.prepare('SAVEPOINT multi_append');
    this.releaseMulti = db.prepare('RELEASE multi_append');
    this.rollbackToMulti = db.prepare('ROLLBACK TO multi_append');
    this.dataVersion = db.prepare('PRAGMA data_version');
    this.lastEvent = db.prepare(
      'SELECT revision, position FROM events WHERE stream_name = ? ORDER BY revision DESC LIMIT 1',
    );
    this.eventById = db.prepare('SELECT stream_name, revision FROM events WHERE event_id = ?');
    this.idsFrom = db.prepare(
      'SELECT event_id, revision, position FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?',
    );
    this.insert = db.prepare(
      `INSERT INTO events (stream_name, revision, event_id, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /**
   * One outcome per request, in order, and the rows committed, in position order (none when the batch
   * failed, or held only refusals, idempotent retries and empty appends).
   */
  commit(batch: readonly WriteRequest[]): {
    readonly outcomes: (AppendOutcome | MultiAppendOutcome)[];
    readonly rows: readonly EventRow[];
  } {
    const recordedAt = new Date().toISOString();
    this.inserted = [];
    try {
      this.begin.run();
      const version = (this.dataVersion.get() as { data_version: number }).data_version;
      if (version !== this.headsVersion || this.heads.size > MAX_CACHED_HEADS) {
        this.heads.clear();
        this.headsVersion = version;
      }
      const outcomes = batch.map((request) =>
        isMulti(request) ? this.applyAll(request, recordedAt) : this.apply(request, recordedAt),
      );
      this.end.run();
      return { outcomes, rows: this.inserted };
    } catch (error) {
      // Nothing of the batch is committed: every append in it is told the store was unavailable.
      this.heads.clear();
      try {
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
      } catch {
        // The connection is already unusable; the error below says why.
      }
      const failure = left(unavailable('append', error));
      return { outcomes: batch.map(() => failure), rows: [] };
    }
  }

  /**
   * The parts of a multi-stream append in one savepoint of the batch's transaction: the first part
   * refused takes the others back (and the stream heads they moved), and is the outcome.
   */
  private applyAll({ parts }: MultiAppendRequest, recordedAt: string): MultiAppendOutcome {
    const names = new Set(parts.map((part) => part.streamName));
    if (names.size !== parts.length)
      return left(unavailable('append', 'a multi-stream append names a stream twice'));
    const heads = new Map(parts.map((part) => [part.streamName, this.head(part.streamName)]));
    const mark = this.inserted.length;
    this.savepointMulti.run();
    const results: AppendResult[] = [];
    try {
      for (const part of parts) {
        const outcome = this.apply(part, recordedAt);
        if (outcome._tag === 'Left') {
          this.rollbackToMulti.run();
          this.releaseMulti.run();
          this.inserted.length = mark;
          for (const [name, head] of heads) this.heads.set(name, head);
          return outcome;
        }
        results.push(outcome.right);
      }
    } catch (error) {
      this.rollbackToMulti.run();
      this.releaseMulti.run();
      this.inserted.length = mark;
      for (const [name, head] of heads) this.heads.set(name, head);
      throw error;
    }
    this.releaseMulti.run();
    return right(results);
  }

  private apply(request: AppendRequest, recordedAt: string): AppendOutcome {
    const { streamName, expected, events } = request;
    const last = this.head(streamName);
    const current = last?.revision ?? -1;
    // The idempotent-retry lookup runs only when the append cannot go in as it is (a failed
    // expectation or a used event id), so a plain append costs no extra read.
    const refused = (): AppendOutcome => {
      const retry = this.findRetry(request);
      return retry !== undefined
        ? right(retry)
        : left(wrongExpectedRevision(streamName, expected, current === -1 ? 'no_stream' : current));
    };

    if (!expectationHolds(expected, current)) return refused();
    if (events.length === 0) {
      return right({ nextExpectedRevision: current, position: positionFromNumber(last?.position ?? 0) });
    }

    // One row is atomic by itself; several need a savepoint so that a refused one takes the others back.
    const several = events.length > 1;
    const mark = this.inserted.length;
    if (several) this.savepoint.run();
    try {
      let position = 0;
      events.forEach((event, i) => {
        // The INSERT's values, in the order of a read's columns after the position.
        const values = [
          streamName,
          current + 1 + i,
          event.id,
          event.type,
          event.data,
          event.metadata,
          recordedAt,
        ] as const;
        position = Number(this.insert.run(...values).lastInsertRowid);
        this.inserted.push([position, ...values]);
      });
      if (several) this.release.run();
      this.heads.set(streamName, { revision: current + events.length, position });
      return right({ nextExpectedRevision: current + events.length, position: positionFromNumber(position) });
    } catch (error) {
      if (several) {
        this.rollbackTo.run();
        this.release.run();
      }
      this.inserted.length = mark;
      // An event id already used (a retry of this append, elsewhere, or twice in it); anything else fails the batch.
      if (isConstraintViolation(error)) return refused();
      throw error;
    }
  }

  private head(streamName: string): LastEventRow | undefined {
    if (this.heads.has(streamName)) return this.heads.get(streamName);
    const last = this.lastEvent.get(streamName) as LastEventRow | undefined;
    this.heads.set(
      streamName,
      last === undefined ? undefined : { revision: last.revision, position: last.position },
    );
    return last;
  }

  /** The same events already written at a place the expected revision allows: an idempotent retry. */
  private findRetry({ streamName, expected, events }: AppendRequest): AppendResult | undefined {
    const first =
      events[0] &&
      (this.eventById.get(events[0].id) as { stream_name: string; revision: number } | undefined);
    if (first === undefined || first.stream_name !== streamName || !retryStartsAt(expected, first.revision)) {
      return undefined;
    }
    const written = this.idsFrom.all(streamName, first.revision, events.length) as Array<{
      event_id: string;
      revision: number;
      position: number;
    }>;
    if (written.length !== events.length || written.some((row, i) => row.event_id !== events[i]?.id))
      return undefined;
    const last = written[written.length - 1] as { revision: number; position: number };
    return { nextExpectedRevision: last.revision, position: positionFromNumber(last.position) };
  }
}
