import { DatabaseSync } from 'node:sqlite';
import type { ReadModel } from '@upload-sessions/service-core/dialect/read-model';

/** Everything the read models hold (tables sorted by id, checkpoints without their times), for comparing runs. */
export const dumpReadModels = (path: string, readModels: readonly ReadModel[]): Record<string, unknown> => {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const dump: Record<string, unknown> = {};
    for (const model of readModels) {
      for (const table of model.tables) dump[table] = db.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
      dump[`checkpoint:${model.name}`] = db
        .prepare('SELECT name, version, position, events FROM projection_checkpoints WHERE name = ?')
        .get(model.name);
    }
    return dump;
  } finally {
    db.close();
  }
};

/** The rows of the given streams only (a shared KurrentDB server holds other runs' streams too). */
export const dumpRowsOf = (
  path: string,
  readModels: readonly ReadModel[],
  streams: ReadonlySet<string>,
): Record<string, unknown[]> => {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const dump: Record<string, unknown[]> = {};
    for (const model of readModels) {
      for (const prefix of model.streamPrefixes) {
        for (const table of model.tables) {
          const rows = db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as { id: string }[];
          dump[table] = rows.filter((row) => streams.has(`${prefix}${row.id}`));
        }
      }
    }
    return dump;
  } finally {
    db.close();
  }
};
