import { DatabaseSync } from 'node:sqlite';
import * as E from 'fp-ts/Either';
import { InMemoryEventStore, type RecordedEvent } from '@upload-sessions/event-store';
import { UPLOAD_SESSION_STREAM_PREFIX } from '@upload-sessions/service-core/event-sourcing/stream-names';
import { liveTables } from '@upload-sessions/service-core/dialect/read-model';
import { seedHistory } from './support/seed-history';
import { uploadSessionsReadModel } from '@upload-sessions/read-side/projections/read-models/upload-sessions.read-model';

/** The events of the longest upload-session stream of a small seeded history. */
const longestSession = async (): Promise<readonly RecordedEvent[]> => {
  const store = new InMemoryEventStore();
  await seedHistory(store, { sessions: 8 });
  const log = await store.readAll();
  if (E.isLeft(log)) throw new Error(log.left.message);
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of log.right.events) {
    if (!event.streamName.startsWith(UPLOAD_SESSION_STREAM_PREFIX)) continue;
    byStream.set(event.streamName, [...(byStream.get(event.streamName) ?? []), event]);
  }
  return [...byStream.values()].reduce((a, b) => (b.length > a.length ? b : a));
};

describe('StreamStateReadModel writer', () => {
  it('writes the rows a batch changed at flush, and forgets them on discard', async () => {
    const events = await longestSession();
    expect(events.length).toBeGreaterThanOrEqual(4);
    const db = new DatabaseSync(':memory:');
    uploadSessionsReadModel.createTables(db, liveTables);
    const writer = uploadSessionsReadModel.writer(db, liveTables);
    const revision = () =>
      (db.prepare('SELECT revision FROM upload_sessions').get() as { revision: number } | undefined)
        ?.revision;
    const apply = (event: RecordedEvent) => expect(E.isRight(writer.apply(event))).toBe(true);

    apply(events[0]!);
    apply(events[1]!);
    expect(revision()).toBeUndefined();
    writer.flush();
    expect(revision()).toBe(1);

    // A rolled-back batch: its change must not survive into the next one.
    apply(events[2]!);
    writer.discard();
    writer.flush();
    expect(revision()).toBe(1);

    apply(events[2]!);
    apply(events[3]!);
    writer.flush();
    expect(revision()).toBe(3);
    db.close();
  });
});
