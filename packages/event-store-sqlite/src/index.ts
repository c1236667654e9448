export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';
export { readAllAhead, type PageReader, type ReadAllAheadOptions } from './read-all-ahead';
