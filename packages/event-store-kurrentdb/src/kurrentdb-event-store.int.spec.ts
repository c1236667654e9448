/**
 * The shared event-store contract against a real KurrentDB (or EventStoreDB 20+) server, named by
 * KURRENTDB_CONNECTION_STRING, e.g. the one in docker-compose.yml:
 *   KURRENTDB_CONNECTION_STRING=kurrentdb://localhost:2113?tls=false npm test
 * The suite uses unique stream names, so a server that keeps data between runs is fine.
 */
import { runEventStoreContract } from '@upload-sessions/event-store/testing';
import { isLeft } from 'fp-ts/Either';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const connectionString = process.env['KURRENTDB_CONNECTION_STRING']?.trim();

if (connectionString !== undefined && connectionString !== '') {
  runEventStoreContract(
    'KurrentDbEventStore',
    async () => {
      const created = KurrentDbEventStore.fromConnectionString(connectionString);
      if (isLeft(created)) throw new Error(created.left.message);
      const store = created.right;
      return { store, teardown: () => store.close() };
    },
    // appendToStreams is atomic from KurrentDB 25.1; set KURRENTDB_BEFORE_25_1 against an older
    // server, where the adapter falls back to one append after the other.
    { atomicMultiStreamAppend: process.env['KURRENTDB_BEFORE_25_1'] === undefined },
  );
} else {
  const reason =
    'KurrentDB contract suite skipped: no KurrentDB server on this machine (no Docker engine, no KurrentDB package); ' +
    'set KURRENTDB_CONNECTION_STRING (e.g. kurrentdb://localhost:2113?tls=false with docker-compose.yml) to run it';
  process.stdout.write(`${reason}\n`);
  describe.skip(reason, () => {
    it('runs the shared event-store contract against the server', () => {
      expect(connectionString).toBeTruthy();
    });
  });
}
