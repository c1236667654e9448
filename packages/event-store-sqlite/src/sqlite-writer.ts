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

interface LastEventRow {
  readonly revision: number;
  readonly position: number;
}

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

  constructor(private readonly db: DatabaseSync) {
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

  /** One outcome per request, in order; `wrote` tells whether any event was committed. */
  commit(batch: readonly AppendRequest[]): { readonly outcomes: AppendOutcome[]; readonly wrote: boolean } {
    const recordedAt = new Date().toISOString();
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const outcomes = batch.map((request) => this.apply(request, recordedAt));
      this.db.exec('COMMIT');
      const wrote = batch.some((request, i) => request.events.length > 0 && outcomes[i]?._tag === 'Right');
      return { outcomes, wrote };
    } catch (error) {
      // Nothing of the batch is committed: every append in it is told the store was unavailable.
      try {
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
      } catch {
        // The connection is already unusable; the error below says why.
      }
      const failure = left(unavailable('append', error));
      return { outcomes: batch.map(() => failure), wrote: false };
    }
  }

  private apply(request: AppendRequest, recordedAt: string): AppendOutcome {
    const { streamName, expected, events } = request;
    const last = this.lastEvent.get(streamName) as LastEventRow | undefined;
    const current = last?.revision ?? -1;
    const conflict = (): AppendOutcome =>
      left(wrongExpectedRevision(streamName, expected, current === -1 ? 'no_stream' : current));

    const retry = this.findRetry(request);
    if (retry !== undefined) return right(retry);
    if (!expectationHolds(expected, current)) return conflict();
    if (events.length === 0) {
      return right({ nextExpectedRevision: current, position: positionFromNumber(last?.position ?? 0) });
    }

    this.db.exec('SAVEPOINT append');
    try {
      let position = 0;
      events.forEach((event, i) => {
        const result = this.insert.run(
          streamName,
          current + 1 + i,
          event.id,
          event.type,
          event.data,
          event.metadata,
          recordedAt,
        );
        position = Number(result.lastInsertRowid);
      });
      this.db.exec('RELEASE append');
      return right({ nextExpectedRevision: current + events.length, position: positionFromNumber(position) });
    } catch (error) {
      this.db.exec('ROLLBACK TO append');
      this.db.exec('RELEASE append');
      // An event id already used elsewhere (or twice in this append); anything else fails the batch.
      if (isConstraintViolation(error)) return conflict();
      throw error;
    }
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
