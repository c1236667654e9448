import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { GlobalPosition } from '@upload-sessions/event-store';

/** Where a read model stands: the last global position it has taken into account (null: none yet). */
export interface Checkpoint {
  readonly name: string;
  /** The read model's version its tables were built with. */
  readonly version: number;
  readonly position: GlobalPosition | null;
  /** Events of the log taken into account since the tables were created (applied, or not its kind). */
  readonly events: number;
  readonly updatedAt: string;
}

interface CheckpointRow {
  readonly name: string;
  readonly version: number;
  readonly position: string | null;
  readonly events: number;
  readonly updated_at: string;
}

const toCheckpoint = (row: CheckpointRow): Checkpoint => ({
  name: row.name,
  version: row.version,
  position: row.position as GlobalPosition | null,
  events: row.events,
  updatedAt: row.updated_at,
});

/**
 * The checkpoints table. A checkpoint is written in the same transaction as the read-model changes it
 * covers, so the tables and their checkpoint can never disagree.
 */
export class Checkpoints {
  private readonly select: StatementSync;
  private readonly selectAll: StatementSync;
  private readonly upsert: StatementSync;
  private readonly remove: StatementSync;

  constructor(db: DatabaseSync) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL,' +
        ' position TEXT, events INTEGER NOT NULL, updated_at TEXT NOT NULL) STRICT',
    );
    this.select = db.prepare('SELECT * FROM projection_checkpoints WHERE name = ?');
    this.selectAll = db.prepare('SELECT * FROM projection_checkpoints ORDER BY name');
    this.upsert = db.prepare(
      'INSERT INTO projection_checkpoints (name, version, position, events, updated_at) VALUES (?, ?, ?, ?, ?)' +
        ' ON CONFLICT(name) DO UPDATE SET version = excluded.version, position = excluded.position,' +
        ' events = excluded.events, updated_at = excluded.updated_at',
    );
    this.remove = db.prepare('DELETE FROM projection_checkpoints WHERE name = ?');
  }

  read(name: string): Checkpoint | undefined {
    const row = this.select.get(name) as CheckpointRow | undefined;
    return row === undefined ? undefined : toCheckpoint(row);
  }

  all(): readonly Checkpoint[] {
    return (this.selectAll.all() as unknown as CheckpointRow[]).map(toCheckpoint);
  }

  write(checkpoint: Omit<Checkpoint, 'updatedAt'>): void {
    this.upsert.run(
      checkpoint.name,
      checkpoint.version,
      checkpoint.position,
      checkpoint.events,
      new Date().toISOString(),
    );
  }

  delete(name: string): void {
    this.remove.run(name);
  }
}

/** Whether a table of that name exists in the database. */
export const tableExists = (db: DatabaseSync, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
