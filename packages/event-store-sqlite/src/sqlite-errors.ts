import { storeUnavailable, type StoreUnavailable } from '@upload-sessions/event-store';

const SQLITE_CONSTRAINT = 19;

/** node:sqlite errors carry SQLite's (extended) result code in `errcode`; the low byte is the primary code. */
const primaryCode = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'errcode' in error && typeof error.errcode === 'number'
    ? error.errcode & 0xff
    : undefined;

/** UNIQUE(stream_name, revision) or UNIQUE(event_id) refused a row. */
export const isConstraintViolation = (error: unknown): boolean => primaryCode(error) === SQLITE_CONSTRAINT;

/** Busy, locked, read-only, I/O, full, corrupt...: whatever else SQLite says, the store cannot serve now. */
export const unavailable = (action: string, error: unknown): StoreUnavailable =>
  storeUnavailable(
    `SQLite event store: ${action} failed: ${error instanceof Error ? error.message : String(error)}`,
    error,
  );
