import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';
import type { EventStoreConnection } from './event-store-config';
import { kurrentDbAdapter } from './kurrentdb-adapter';

/** The configured store: the embedded SQLite file by default, KurrentDB when a connection string is set. */
export const openEventStore = async (config: EventStoreConnection): Promise<E.Either<string, EventStore>> => {
  if (config.kind === 'kurrentdb') {
    const store = kurrentDbAdapter().KurrentDbEventStore.fromConnectionString(config.connectionString);
    return E.isLeft(store)
      ? E.left(`KURRENTDB_CONNECTION_STRING: ${store.left.message}`)
      : E.right(store.right);
  }
  await mkdir(path.dirname(config.path), { recursive: true });
  const store = await SqliteEventStore.open({ path: config.path });
  return E.isLeft(store)
    ? E.left(`cannot open the event store at ${config.path}: ${store.left.message}`)
    : E.right(store.right);
};

/** Where events are kept, for the start-up log (never the KurrentDB credentials). */
export const describeEventStore = (config: EventStoreConnection): string =>
  config.kind === 'sqlite'
    ? `sqlite:${config.path}`
    : `kurrentdb:${config.connectionString.replace(/\/\/[^@/]*@/, '//***@')}`;
