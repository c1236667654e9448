import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import {
  positionFromNumber,
  type GlobalFilter,
  type GlobalPosition,
  type JsonObject,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscriptionPage,
} from '@upload-sessions/event-store';

/** A row of COLUMNS as an array: node:sqlite builds arrays much faster than objects (a third of a read). */
export type EventRow = readonly [
  position: number,
  streamName: string,
  revision: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

export const COLUMNS = 'position, stream_name, revision, event_id, type, data, metadata, recorded_at';

/** positionFromNumber for a row's position, a safe integer: without its BigInt, same text. */
export const rowPosition = (n: number): GlobalPosition =>
  Number.isSafeInteger(n) ? (String(n).padStart(20, '0') as GlobalPosition) : positionFromNumber(n);

const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  id: row[3],
  type: row[4],
  data: JSON.parse(row[5]) as JsonObject,
  metadata: JSON.parse(row[6]) as JsonObject,
  streamName: row[1],
  revision: row[2],
  position: rowPosition(row[0]),
  recordedAt: row[7],
});

export const toRecordedEvents = (rows: readonly EventRow[]): RecordedEvent[] => {
  const events = new Array<RecordedEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) events[i] = toRecordedEvent(rows[i] as EventRow);
  return events;
};

/** SQLite's LIMIT: a negative value means no limit. */
const limit = (maxCount: number | undefined): number =>
  maxCount === undefined ? -1 : Math.max(0, Math.floor(maxCount));

/**
 * Our positions are one 20-digit counter. A longer position sorts after the counter it starts with, so
 * "after it" means "after that counter" here too.
 */
export const afterCounter = (after: GlobalPosition | undefined): number =>
  after === undefined ? 0 : Number(after.slice(0, 20));

/**
 * The connection that reads. It never writes (query_only), and in WAL mode each read sees the last
 * committed state only, so readers never observe a half-written batch or a position gap.
 */
export class SqliteReader {
  private readonly forwards: StatementSync;
  private readonly backwards: StatementSync;
  private readonly streamExists: StatementSync;
  private readonly head: StatementSync;
  private readonly dataVersion: StatementSync;
  // Prepared once: exec() would parse them again for every page a subscription reads.
  private readonly begin: StatementSync;
  private readonly commit: StatementSync;
  private readonly pageStatements = new Map<string, StatementSync>();
  /** A subscription passes the same filter object for every page: its query is built once. */
  private readonly pageQueries = new WeakMap<GlobalFilter, ReturnType<typeof pageQuery>>();

  constructor(private readonly db: DatabaseSync) {
    this.forwards = rowsAsArrays(
      db.prepare(
        `SELECT ${COLUMNS} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      ),
    );
    this.backwards = rowsAsArrays(
      db.prepare(
        `SELECT ${COLUMNS} FROM events WHERE stream_name = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ),
    );
    this.streamExists = db.prepare('SELECT 1 FROM events WHERE stream_name = ? LIMIT 1');
    this.head = db.prepare('SELECT max(position) AS position FROM events');
    this.dataVersion = db.prepare('PRAGMA data_version');
    this.begin = db.prepare('BEGIN');
    this.commit = db.prepare('COMMIT');
  }

  /** The stream's events, or undefined when the stream does not exist. */
  readStream(streamName: string, options: ReadStreamOptions): RecordedEvent[] | undefined {
    const rows = (options.direction === 'backwards'
      ? this.backwards.all(
          streamName,
          options.fromRevision ?? Number.MAX_SAFE_INTEGER,
          limit(options.maxCount),
        )
      : this.forwards.all(
          streamName,
          options.fromRevision ?? 0,
          limit(options.maxCount),
        )) as unknown as EventRow[];
    if (rows.length === 0 && this.streamExists.get(streamName) === undefined) return undefined;
    return toRecordedEvents(rows);
  }

  headPosition(): GlobalPosition | undefined {
    const head = this.headCounter();
    return head === undefined ? undefined : positionFromNumber(head);
  }

  /** The last position in the file, as the counter it is. */
  headCounter(): number | undefined {
    const { position } = this.head.get() as { position: number | null };
    return position ?? undefined;
  }

  /** Matching events after `after`, plus how far the read looked, from one snapshot. */
  page(
    after: GlobalPosition | undefined,
    maxCount: number | undefined,
    filter: GlobalFilter | undefined,
  ): SubscriptionPage {
    const { sql, params } = this.pageQueryOf(filter);
    const statement = this.pageStatement(sql);
    this.begin.run();
    try {
      const rows = statement.all(afterCounter(after), ...params, limit(maxCount)) as unknown as EventRow[];
      const isEnd = maxCount === undefined || rows.length < maxCount;
      const last = rows.at(-1);
      // At the end the read looked at everything up to the head of this snapshot, matching or not.
      const scannedTo = isEnd ? this.headPosition() : last && rowPosition(last[0]);
      this.commit.run();
      return { events: toRecordedEvents(rows), isEnd, scannedTo };
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Changes whenever another connection (our writer or another process) commits to the file. */
  version(): number {
    return (this.dataVersion.get() as { data_version: number }).data_version;
  }

  private pageQueryOf(filter: GlobalFilter | undefined): ReturnType<typeof pageQuery> {
    if (filter === undefined) return pageQuery(undefined);
    let query = this.pageQueries.get(filter);
    if (query === undefined) {
      query = pageQuery(filter);
      this.pageQueries.set(filter, query);
    }
    return query;
  }

  private pageStatement(sql: string): StatementSync {
    let statement = this.pageStatements.get(sql);
    if (statement === undefined) {
      // Filters come in a handful of shapes in practice; the cap only guards against unbounded growth.
      if (this.pageStatements.size >= 64) this.pageStatements.clear();
      statement = rowsAsArrays(this.db.prepare(sql));
      this.pageStatements.set(sql, statement);
    }
    return statement;
  }
}

const rowsAsArrays = (statement: StatementSync): StatementSync => {
  statement.setReturnArrays(true);
  return statement;
};

/**
 * The SQL for a page of the global log. A prefix test is `instr(name, prefix) = 1`, which needs no
 * escaping of LIKE/GLOB wildcards; the text of a query depends only on the number of prefixes and types.
 */
export const pageQuery = (filter: GlobalFilter | undefined): { sql: string; params: SQLInputValue[] } => {
  const prefixes = filter?.streamPrefixes ?? [];
  const types = filter?.eventTypes ?? [];
  const conditions = ['position > ?'];
  if (prefixes.length > 0)
    conditions.push(`(${prefixes.map(() => 'instr(stream_name, ?) = 1').join(' OR ')})`);
  if (types.length > 0) conditions.push(`type IN (${types.map(() => '?').join(', ')})`);
  return {
    sql: `SELECT ${COLUMNS} FROM events WHERE ${conditions.join(' AND ')} ORDER BY position LIMIT ?`,
    params: [...prefixes, ...types],
  };
};
