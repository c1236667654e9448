import { left, right, type Either } from 'fp-ts/Either';
import { Worker } from 'node:worker_threads';
import {
  parsePosition,
  storeUnavailable,
  type GlobalFilter,
  type GlobalPosition,
  type ReadAllResult,
  type StoreUnavailable,
} from '@upload-sessions/event-store';
import { afterCounter, pageQuery, toRecordedEvents, type EventRow } from './sqlite-reader';

export interface ReadAllAheadOptions {
  readonly after?: GlobalPosition;
  readonly maxCount: number;
  readonly filter?: GlobalFilter;
  /** Pages the worker may read before the caller took them. Default 4. */
  readonly pagesAhead?: number;
}

/** The pages of one forward read of the global log, in order; the last one has isEnd. */
export interface PageReader {
  next(): Promise<Either<StoreUnavailable, ReadAllResult>>;
  /** Stops the worker (also before the end). */
  close(): Promise<void>;
}

/**
 * The worker: its own read-only connection, pages of the query as arrays of column values (the JSON
 * columns as strings: cloning a string is a copy, cloning parsed objects costs the receiver about as much
 * as parsing them). It reads while it has credit, ctl[0], and stops when ctl[1] is set. Each page is one
 * statement, so one snapshot, as SqliteReader.page reads it.
 */
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const { path, sql, params, after, maxCount, control } = workerData;
const ctl = new Int32Array(control);
const db = new DatabaseSync(path, { readOnly: true, timeout: 5000 });
try {
  const page = db.prepare(sql);
  page.setReturnArrays(true);
  let cursor = after;
  for (;;) {
    while (Atomics.load(ctl, 1) === 0 && Atomics.load(ctl, 0) <= 0) Atomics.wait(ctl, 0, 0);
    if (Atomics.load(ctl, 1) !== 0) break;
    Atomics.sub(ctl, 0, 1);
    const rows = page.all(cursor, ...params, maxCount);
    const isEnd = rows.length < maxCount;
    parentPort.postMessage({ rows, isEnd });
    if (isEnd) break;
    cursor = rows[rows.length - 1][0];
  }
} catch (error) {
  parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
} finally {
  db.close();
}
`;

type Message =
  | { readonly rows: EventRow[]; readonly isEnd: boolean; readonly error?: undefined }
  | { readonly error: string };

/**
 * Reads the global log of the SQLite file at `path` forwards on a worker thread, a few pages ahead of
 * the caller: the reading (SQLite stepping) overlaps whatever the caller does with the previous pages.
 * For long sequential reads such as a projection rebuild; the result is the pages readAll would return.
 */
export const readAllAhead = (path: string, options: ReadAllAheadOptions): PageReader => {
  if (options.after !== undefined && parsePosition(options.after) === undefined) {
    const refused = left(storeUnavailable(`Not a global position: ${JSON.stringify(options.after)}`));
    return { next: () => Promise.resolve(refused), close: () => Promise.resolve() };
  }
  const maxCount = Math.max(1, Math.floor(options.maxCount));
  const { sql, params } = pageQuery(options.filter);
  const control = new SharedArrayBuffer(8);
  const ctl = new Int32Array(control);
  ctl[0] = Math.max(1, options.pagesAhead ?? 4);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { path, sql, params, after: afterCounter(options.after), maxCount, control },
  });
  // Only a caller waiting for a page keeps the process alive: a reader left unclosed must not.
  worker.unref();
  const received: Message[] = [];
  let waiting: ((message: Message) => void) | undefined;
  let ended = false;
  const deliver = (message: Message): void => {
    if (waiting === undefined) received.push(message);
    else {
      const resolve = waiting;
      waiting = undefined;
      resolve(message);
    }
  };
  worker.on('message', deliver);
  worker.on('error', (error) => deliver({ error: error.message }));
  worker.on('exit', () => {
    if (!ended) deliver({ error: 'the reading worker stopped early' });
  });
  const stop = (): void => {
    Atomics.store(ctl, 1, 1);
    Atomics.notify(ctl, 0);
  };
  return {
    async next() {
      if (ended) return right({ events: [], isEnd: true });
      let message = received.shift();
      if (message === undefined) {
        worker.ref();
        message = await new Promise<Message>((resolve) => (waiting = resolve));
        worker.unref();
      }
      if (message.error !== undefined) {
        ended = true;
        stop();
        return left(storeUnavailable(`Could not read the log ahead: ${message.error}`));
      }
      if (message.isEnd) ended = true;
      else {
        Atomics.add(ctl, 0, 1);
        Atomics.notify(ctl, 0);
      }
      return right({ events: toRecordedEvents(message.rows), isEnd: message.isEnd });
    },
    async close() {
      ended = true;
      stop();
      await worker.terminate();
    },
  };
};
