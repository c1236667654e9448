import { left, right, type Either } from 'fp-ts/Either';
import type { DatabaseSync } from 'node:sqlite';
import { storeUnavailable, type StoreUnavailable } from '@upload-sessions/event-store';
import { unavailable } from './sqlite-errors';

/** Schema versions live in SQLite's `user_version`; each entry upgrades from the version before it. */
const migrations: readonly string[] = [
  `
  CREATE TABLE events (
    -- The global position: an alias of the rowid, assigned max+1 by the single writer, so commit order
    -- is position order and rolled-back rows leave no gaps.
    position    INTEGER PRIMARY KEY,
    stream_name TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    event_id    TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    -- Also the index for reading a stream and for its current revision (max(revision) is one seek),
    -- which is why there is no separate streams table to keep in step.
    UNIQUE (stream_name, revision)
  ) STRICT;
  CREATE INDEX events_by_type ON events (type, position);
  `,
];

export const SCHEMA_VERSION = migrations.length;

/** Brings the file to the current schema inside one write transaction, so concurrent openers agree. */
export const migrate = (db: DatabaseSync): Either<StoreUnavailable, void> => {
  try {
    db.exec('BEGIN IMMEDIATE');
    const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
    if (version > SCHEMA_VERSION) {
      db.exec('ROLLBACK');
      return left(
        storeUnavailable(`Schema version ${version} is newer than this adapter's ${SCHEMA_VERSION}`),
      );
    }
    migrations.slice(version).forEach((sql) => db.exec(sql));
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
    return right(undefined);
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    return left(unavailable('schema migration', error));
  }
};
