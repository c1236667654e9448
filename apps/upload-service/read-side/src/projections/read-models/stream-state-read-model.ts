import { randomBytes } from 'node:crypto';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import * as E from 'fp-ts/Either';
import type { GlobalPosition, RecordedEvent } from '@upload-sessions/event-store';
import type {
  ReadModel,
  ReadModelWriter,
  TableNames,
  WriterOptions,
} from '@upload-sessions/service-core/dialect/read-model';

/** One stream folded to its current state, with what the log says about it besides the state. */
export interface StreamRow<S> {
  readonly id: string;
  readonly state: S;
  /** The last stream revision applied: an event at or below it is never applied twice. */
  readonly revision: number;
  readonly firstPosition: GlobalPosition;
  readonly lastPosition: GlobalPosition;
  /** The actor of the stream's first event (who created it). */
  readonly createdBy: string | null;
  /**
   * When the stream's first and last events happened: their `occurredAt` metadata (the service's clock,
   * in milliseconds), not the store's `recordedAt`, whose precision depends on the adapter. So a live
   * projection and a rebuild give the same row on every store.
   */
  readonly firstOccurredAt: string;
  readonly lastOccurredAt: string;
}

export type ColumnValue = string | number | null;

export interface IndexedColumn<S> {
  readonly name: string;
  readonly type: 'TEXT' | 'INTEGER';
  readonly value: (row: StreamRow<S>) => ColumnValue;
}

/** A read model that folds each stream of one category with its aggregate's own `evolve`. */
export interface StreamStateDefinition<S, Ev> {
  readonly name: string;
  readonly version: number;
  readonly table: string;
  readonly streamPrefix: string;
  /** Narrower than the prefix when categories share one (`library-` also starts `library-item-`). */
  readonly accepts?: (streamName: string) => boolean;
  readonly decode: (event: RecordedEvent) => E.Either<string, Ev>;
  /**
   * For a rebuild replaying the service's own log: `decode` without re-validating the data (old schema
   * versions still upcast). When `evolve` throws on what it gave, `decode` says why instead.
   */
  readonly decodeTrusted?: (event: RecordedEvent) => E.Either<string, Ev>;
  readonly initialState: S;
  readonly evolve: (state: S, event: Ev) => S;
  /** Columns beside the state, for filters and ordering; their names are code, never input. */
  readonly columns: readonly IndexedColumn<S>[];
  readonly indexes: readonly (readonly string[])[];
}

interface StoredRow {
  readonly row: string;
}

const actorId = (metadata: RecordedEvent['metadata']): string | null => {
  const actor = metadata['actor'];
  if (typeof actor !== 'object' || actor === null || Array.isArray(actor)) return null;
  const id = actor['id'];
  return typeof id === 'string' ? id : null;
};

/** The event's own time; events written without one (other tools) fall back to the store's. */
const occurredAt = (event: RecordedEvent): string => {
  const value = event.metadata['occurredAt'];
  return typeof value === 'string' ? value : event.recordedAt;
};

/** One shared Right for every event applied or skipped (no allocation per event and writer). */
const APPLIED: E.Either<string, void> = E.right(undefined);

const FIXED_COLUMNS = ['id', 'revision', 'first_position', 'last_position', 'row'] as const;

/** Where a writer reads and writes its rows: `values` are the columns in `FIXED_COLUMNS` order, id first. */
interface RowAccess {
  /** The stored row's JSON, if the id has one. */
  find(id: string): string | undefined;
  write(values: SQLInputValue[]): void;
  /** Before the writes of a flush. */
  beginFlush(): void;
  /** The transaction was rolled back: forget what it may have written. */
  discard(): void;
}

/** By id through the id index, one upsert per row. */
const indexedRows = (db: DatabaseSync, name: string, columns: readonly string[]): RowAccess => {
  const select = db.prepare(`SELECT row FROM ${name} WHERE id = ?`);
  const upsert = db.prepare(
    `INSERT INTO ${name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})` +
      ` ON CONFLICT(id) DO UPDATE SET ${columns
        .slice(1)
        .map((c) => `${c} = excluded.${c}`)
        .join(', ')}`,
  );
  return {
    find: (id) => (select.get(id) as StoredRow | undefined)?.row,
    write: (values) => {
      upsert.run(...values);
    },
    beginFlush: () => undefined,
    discard: () => undefined,
  };
};

/**
 * For a table no index exists on yet, filled by this writer alone: the rowid of each id is kept in
 * memory (about 100 bytes a stream), so a new row is an append and a row seen before is found and
 * updated by its rowid, with no random-key index to update (its dirty pages were most of each commit).
 */
const unindexedRows = (db: DatabaseSync, name: string, columns: readonly string[]): RowAccess => {
  const select = db.prepare(`SELECT row FROM ${name} WHERE rowid = ?`);
  const insert = db.prepare(
    `INSERT INTO ${name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const update = db.prepare(
    `UPDATE ${name} SET ${columns
      .slice(1)
      .map((c) => `${c} = ?`)
      .join(', ')} WHERE rowid = ?`,
  );
  const rowids = new Map<string, number>();
  const idAt = db.prepare(`SELECT id FROM ${name} WHERE rowid = ?`);
  // Ids the last flush inserted: after a rollback, those whose row is gone are forgotten (their rowids
  // may be given to other rows). Earlier flushes were committed, or discarded when they were not.
  let inserted: string[] = [];
  return {
    find: (id) => {
      const rowid = rowids.get(id);
      return rowid === undefined ? undefined : (select.get(rowid) as StoredRow | undefined)?.row;
    },
    write: (values) => {
      const id = values[0] as string;
      const rowid = rowids.get(id);
      if (rowid !== undefined) {
        update.run(...values.slice(1), rowid);
        return;
      }
      rowids.set(id, Number(insert.run(...values).lastInsertRowid));
      inserted.push(id);
    },
    beginFlush: () => {
      inserted = [];
    },
    discard: () => {
      for (const id of inserted) {
        const rowid = rowids.get(id);
        if (rowid !== undefined && (idAt.get(rowid) as { id: string } | undefined)?.id !== id)
          rowids.delete(id);
      }
      inserted = [];
    },
  };
};

export class StreamStateReadModel<S, Ev> implements ReadModel {
  readonly name: string;
  readonly version: number;
  readonly streamPrefixes: readonly string[];
  readonly tables: readonly string[];

  constructor(readonly definition: StreamStateDefinition<S, Ev>) {
    this.name = definition.name;
    this.version = definition.version;
    this.streamPrefixes = [definition.streamPrefix];
    this.tables = [definition.table];
  }

  createTables(db: DatabaseSync, names: TableNames, withIndexes = true): void {
    const { table, columns } = this.definition;
    const name = names(table);
    const extra = columns.map((c) => `, ${c.name} ${c.type}`).join('');
    // The id's uniqueness is a unique index rather than a PRIMARY KEY, so that a rebuild can add it last.
    db.exec(
      `CREATE TABLE ${name} (id TEXT NOT NULL, revision INTEGER NOT NULL, first_position TEXT NOT NULL,` +
        ` last_position TEXT NOT NULL, row TEXT NOT NULL${extra}) STRICT`,
    );
    if (withIndexes) this.createIndexes(db, names);
  }

  createIndexes(db: DatabaseSync, names: TableNames): void {
    const name = names(this.definition.table);
    // Index names must stay unique after a rebuild renames its tables into place: give each a random suffix.
    const suffix = randomBytes(4).toString('hex');
    db.exec(`CREATE UNIQUE INDEX ${name}_id_${suffix} ON ${name} (id)`);
    this.definition.indexes.forEach((cols, i) => {
      db.exec(`CREATE INDEX ${name}_i${i}_${suffix} ON ${name} (${cols.join(', ')})`);
    });
  }

  writer(db: DatabaseSync, names: TableNames, options: WriterOptions = {}): ReadModelWriter {
    const { table, columns, streamPrefix, decode, evolve } = this.definition;
    const decodeTrusted =
      options.replay === true || options.trusted === true ? this.definition.decodeTrusted : undefined;
    const name = names(table);
    const allColumns = [...FIXED_COLUMNS, ...columns.map((c) => c.name)];
    const rows =
      options.unindexed === true ? unindexedRows(db, name, allColumns) : indexedRows(db, name, allColumns);
    const accepts = this.definition.accepts ?? (() => true);
    // Rows changed in the current batch, written by flush: one read and one write per stream and batch
    // instead of one per event (a rebuild replays whole sessions; a live batch often has a stream twice).
    const pending = new Map<string, StreamRow<S>>();
    /** Why evolve threw on what a trusted decode let through: the strict decode's reason, if it has one. */
    const explain = (event: RecordedEvent, error: unknown): string => {
      const strict = decodeTrusted === undefined ? undefined : decode(event);
      if (strict === undefined || E.isRight(strict)) throw error;
      return strict.left;
    };
    const stored = (id: string): StreamRow<S> | undefined => {
      const found = rows.find(id);
      return found === undefined ? undefined : (JSON.parse(found) as StreamRow<S>);
    };
    return {
      flush: () => {
        rows.beginFlush();
        for (const row of pending.values()) {
          const values: SQLInputValue[] = [
            row.id,
            row.revision,
            row.firstPosition,
            row.lastPosition,
            JSON.stringify(row),
          ];
          for (const column of columns) values.push(column.value(row));
          rows.write(values);
        }
        pending.clear();
      },
      discard: () => {
        pending.clear();
        rows.discard();
      },
      apply: (event) => {
        if (!event.streamName.startsWith(streamPrefix) || !accepts(event.streamName)) return APPLIED;
        const id = event.streamName.slice(streamPrefix.length);
        const before = pending.get(id) ?? stored(id);
        if (before !== undefined && event.revision <= before.revision) return APPLIED;
        const decoded = (decodeTrusted ?? decode)(event);
        if (E.isLeft(decoded)) return E.left(`${event.streamName}@${event.revision}: ${decoded.left}`);
        let state: S;
        try {
          state = evolve(before?.state ?? this.definition.initialState, decoded.right);
        } catch (error) {
          return E.left(`${event.streamName}@${event.revision}: ${explain(event, error)}`);
        }
        const at = occurredAt(event);
        pending.set(id, {
          id,
          state,
          revision: event.revision,
          firstPosition: before?.firstPosition ?? event.position,
          lastPosition: event.position,
          createdBy: before === undefined ? actorId(event.metadata) : before.createdBy,
          firstOccurredAt: before?.firstOccurredAt ?? at,
          lastOccurredAt: at,
        });
        return APPLIED;
      },
    };
  }

  /** A reader over the live table, on the given (query-only) connection. */
  reader(db: DatabaseSync): StreamStateReader<S> {
    return new StreamStateReader<S>(
      db,
      this.definition.table,
      new Set(this.definition.columns.map((c) => c.name)),
    );
  }
}

export interface RowFilter {
  /** Column name to the value it must equal (null: IS NULL). */
  readonly [column: string]: ColumnValue;
}

export interface PageRequest {
  /** Exclusive cursor: rows created after this position (the `next` of the previous page). */
  readonly after?: string | undefined;
  readonly limit: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** The cursor of the next page, or null when this one is the last. */
  readonly next: string | null;
}

/** Queries of one stream-state table, newest schema of the live table. */
export class StreamStateReader<S> {
  private readonly byId: StatementSync;
  private readonly lists = new Map<string, StatementSync>();

  constructor(
    private readonly db: DatabaseSync,
    private readonly table: string,
    private readonly columns: ReadonlySet<string>,
  ) {
    this.byId = db.prepare(`SELECT row FROM ${table} WHERE id = ?`);
  }

  get(id: string): StreamRow<S> | undefined {
    const found = this.byId.get(id) as StoredRow | undefined;
    return found === undefined ? undefined : (JSON.parse(found.row) as StreamRow<S>);
  }

  /** Rows matching every filter, in creation order, one page at a time. */
  list(filter: RowFilter, page: PageRequest): Page<StreamRow<S>> {
    const names = Object.keys(filter).sort();
    for (const name of names) {
      if (!this.columns.has(name)) throw new Error(`${this.table} has no indexed column ${name}`);
    }
    const key = names.map((n) => `${n}:${filter[n] === null ? 'null' : 'value'}`).join(',');
    let statement = this.lists.get(key);
    if (statement === undefined) {
      const where = names.map((n) => (filter[n] === null ? `${n} IS NULL` : `${n} = ?`));
      statement = this.db.prepare(
        `SELECT row, first_position FROM ${this.table} WHERE ${[...where, 'first_position > ?'].join(' AND ')}` +
          ' ORDER BY first_position LIMIT ?',
      );
      this.lists.set(key, statement);
    }
    const limit = Math.max(1, Math.floor(page.limit));
    const values = names.map((n) => filter[n]).filter((v): v is string | number => v !== null);
    const rows = statement.all(...values, page.after ?? '', limit + 1) as unknown as (StoredRow & {
      first_position: string;
    })[];
    const items = rows.slice(0, limit).map((r) => JSON.parse(r.row) as StreamRow<S>);
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last !== undefined ? last.firstPosition : null };
  }
}
