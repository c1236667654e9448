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

  const allUploadSessionEvents = async (): Promise<readonly RecordedEvent[]> => {
    const store = new InMemoryEventStore();
    await seedHistory(store, { sessions: 12 });
    const log = await store.readAll();
    if (E.isLeft(log)) throw new Error(log.left.message);
    return log.right.events;
  };
  const rows = (db: DatabaseSync) =>
    db.prepare('SELECT * FROM upload_sessions ORDER BY id').all() as unknown as Record<string, unknown>[];

  it('a replay writer (trusted decode, no index until the end) writes the same rows as the live one', async () => {
    const events = await allUploadSessionEvents();
    // The seed writes a cancel in the old schema v1: the replay must upcast it like the strict decode.
    expect(events.some((e) => e.type === 'UploadSessionCanceled' && e.metadata['schemaVersion'] === 1)).toBe(
      true,
    );
    const live = new DatabaseSync(':memory:');
    uploadSessionsReadModel.createTables(live, liveTables);
    const replay = new DatabaseSync(':memory:');
    uploadSessionsReadModel.createTables(replay, liveTables, false);
    const indexes = (db: DatabaseSync) =>
      (
        db
          .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
          .get() as {
          n: number;
        }
      ).n;
    expect(indexes(replay)).toBe(0);
    const liveWriter = uploadSessionsReadModel.writer(live, liveTables);
    const replayWriter = uploadSessionsReadModel.writer(replay, liveTables, {
      replay: true,
      unindexed: true,
    });
    // Batches of 5, so streams span batches and rows are read back between them; every third batch of
    // the replay is first rolled back after its flush (and discarded), then applied again.
    for (let i = 0, batch = 0; i < events.length; i += 5, batch++) {
      const slice = events.slice(i, i + 5);
      for (const event of slice) expect(liveWriter.apply(event)).toEqual(E.right(undefined));
      liveWriter.flush();
      if (batch % 3 === 1) {
        replay.exec('BEGIN');
        for (const event of slice) expect(replayWriter.apply(event)).toEqual(E.right(undefined));
        replayWriter.flush();
        replay.exec('ROLLBACK');
        replayWriter.discard();
      }
      replay.exec('BEGIN');
      for (const event of slice) expect(replayWriter.apply(event)).toEqual(E.right(undefined));
      replayWriter.flush();
      replay.exec('COMMIT');
    }
    // The unique id index builds: no stream got two rows.
    uploadSessionsReadModel.createIndexes(replay, liveTables);
    expect(indexes(replay)).toBe(indexes(live));
    expect(rows(live).length).toBeGreaterThan(10);
    expect(rows(replay)).toEqual(rows(live));
    live.close();
    replay.close();
  });

  it('a replay writer still refuses unknown events, and explains data evolve cannot take', async () => {
    const [started] = (await longestSession()) as [RecordedEvent];
    const db = new DatabaseSync(':memory:');
    uploadSessionsReadModel.createTables(db, liveTables);
    const writer = uploadSessionsReadModel.writer(db, liveTables, { replay: true });
    const unknown = writer.apply({ ...started, type: 'UploadSessionExploded' });
    expect(E.isLeft(unknown) && unknown.left).toMatch(/unknown event type "UploadSessionExploded"/);
    // A start without its data: the trusted decode lets it through, evolve cannot read it.
    const broken = writer.apply({ ...started, data: { sessionId: 42 } });
    expect(E.isLeft(broken) && broken.left).toMatch(/invalid UploadSessionStarted .*data\.organizationId/);
    db.close();
  });
});
