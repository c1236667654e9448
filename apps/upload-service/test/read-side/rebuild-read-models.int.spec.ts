import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import { readAllAhead, SqliteEventStore } from '@upload-sessions/event-store-sqlite';
import { ReadModelDatabase } from '@upload-sessions/read-side/projections/read-model-database';
import { serviceReadModels } from '../../src/app/service-read-models';
import { uploadSessionsReadModel } from '@upload-sessions/read-side/projections/read-models/upload-sessions.read-model';
import { ProjectionRunner } from '@upload-sessions/read-side/projections/runner/projection-runner';
import { dumpReadModels } from './support/dump-read-models';
import { seedHistory } from './support/seed-history';
import {
  rebuildReadModels,
  type ReadAhead,
  type RebuildProgress,
} from '@upload-sessions/read-side/projections/rebuild/rebuild-read-models';

const openDb = (path: string) => {
  const opened = ReadModelDatabase.open({ path });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  return opened.right;
};
const liveRunner = (store: EventStore, database: ReadModelDatabase) => {
  const created = ProjectionRunner.create({ store, database, readModels: serviceReadModels, batchSize: 32 });
  if (E.isLeft(created)) throw new Error(created.left);
  created.right.start();
  return created.right;
};
const head = async (store: EventStore) => {
  const h = await store.headPosition();
  if (E.isLeft(h) || h.right === undefined) throw new Error('no head');
  return h.right;
};

describe('rebuild', () => {
  let dir: string;
  /** The replay's pages read on a worker thread (what the CLI does with the SQLite store). */
  const aheadOf = (): ReadAhead => (request) =>
    readAllAhead(join(dir, 'events.sqlite'), { ...request, pagesAhead: 2 });
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rebuild-'));
    const opened = await SqliteEventStore.open({
      path: join(dir, 'events.sqlite'),
      externalChangePollMs: 50,
    });
    if (E.isLeft(opened)) throw new Error(opened.left.message);
    store = opened.right;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays into shadow tables while the live ones keep answering, swaps, and ends equal to the live projection', async () => {
    await seedHistory(store, { sessions: 30 });
    const path = join(dir, 'read-models.sqlite');
    const service = openDb(path);
    const runner = liveRunner(store, service);
    await runner.caughtUp();
    const live = dumpReadModels(path, serviceReadModels);
    const reader = uploadSessionsReadModel.reader(service.reader);
    const before = reader.list({}, { limit: 1000 }).items.length;

    const progress: RebuildProgress[] = [];
    let extra: readonly string[] = [];
    const rebuilder = openDb(path);
    const rebuilt = await rebuildReadModels({
      store,
      database: rebuilder,
      readModels: serviceReadModels,
      batchSize: 50,
      readAhead: aheadOf(),
      onProgress: (p) => progress.push(p),
      beforeSwap: async (attempt) => {
        if (attempt > 1) return;
        // Still answered from the old copy while the new one waits to be swapped in.
        expect(reader.list({}, { limit: 1000 }).items).toHaveLength(before);
        // Writes keep coming in during the rebuild: the live projection applies them, the rebuild must too.
        extra = (await seedHistory(store, { sessions: 3, seed: 99 })).sessionIds;
        expect(await runner.waitFor(await head(store), 10_000)).toBe(true);
      },
    });
    rebuilder.close();
    expect(E.isRight(rebuilt) && rebuilt.right.swapAttempts).toBeGreaterThanOrEqual(1);
    expect(progress[progress.length - 1]).toMatchObject({ phase: 'done', fraction: 1 });
    expect(progress.some((p) => p.phase === 'replaying' && p.fraction > 0 && p.fraction < 1)).toBe(true);

    // After the swap the same connection reads the new tables, and the live runner carries on in them.
    for (const id of extra) expect(reader.get(id)).toBeDefined();
    const more = await seedHistory(store, { sessions: 2, seed: 5 });
    expect(await runner.waitFor(await head(store), 10_000)).toBe(true);
    for (const id of more.sessionIds) expect(reader.get(id)).toBeDefined();
    await runner.stop();
    service.close();

    // Equal to a projection that ran live from the start over the same log.
    const cleanPath = join(dir, 'clean.sqlite');
    const clean = openDb(cleanPath);
    const cleanRunner = liveRunner(store, clean);
    await cleanRunner.caughtUp();
    await cleanRunner.stop();
    clean.close();
    expect(dumpReadModels(path, serviceReadModels)).toEqual(dumpReadModels(cleanPath, serviceReadModels));
    expect(live['upload_sessions']).not.toEqual(dumpReadModels(path, serviceReadModels)['upload_sessions']);
  });

  it('rebuilds a database no service is running on, and again over its own result', async () => {
    await seedHistory(store, { sessions: 8 });
    const path = join(dir, 'read-models.sqlite');
    const first = openDb(path);
    const one = await rebuildReadModels({ store, database: first, readModels: serviceReadModels });
    expect(E.isRight(one) && one.right.position).toBe(await head(store));
    const afterOne = dumpReadModels(path, serviceReadModels);
    const two = await rebuildReadModels({ store, database: first, readModels: serviceReadModels });
    first.close();
    expect(E.isRight(two)).toBe(true);
    expect(dumpReadModels(path, serviceReadModels)).toEqual(afterOne);
    // A live runner started on the rebuilt file has nothing left to do.
    const service = openDb(path);
    let applied = 0;
    const created = ProjectionRunner.create({
      store,
      database: service,
      readModels: serviceReadModels,
      hooks: { afterCommit: (n) => (applied = n) },
    });
    if (E.isLeft(created)) throw new Error(created.left);
    created.right.start();
    await created.right.caughtUp();
    expect(created.right.position).toBe(await head(store));
    await created.right.stop();
    service.close();
    expect(applied).toBe(0);
  });

  for (const ahead of [false, true])
    it(`builds the indexes part-way through a long replay and ends equal to the live projection (read ahead: ${ahead})`, async () => {
      await seedHistory(store, { sessions: 10 });
      const livePath = join(dir, 'live.sqlite');
      const service = openDb(livePath);
      const runner = liveRunner(store, service);
      await runner.caughtUp();
      await runner.stop();
      service.close();
      const path = join(dir, 'read-models.sqlite');
      const database = openDb(path);
      // Indexes after 20 of the events: the rest is replayed by indexed writers.
      const result = await rebuildReadModels({
        store,
        database,
        readModels: serviceReadModels,
        batchSize: 7,
        unindexedReplayEvents: 20,
        ...(ahead ? { readAhead: aheadOf() } : {}),
      });
      database.close();
      expect(E.isRight(result) && result.right.events).toBeGreaterThan(40);
      expect(dumpReadModels(path, serviceReadModels)).toEqual(dumpReadModels(livePath, serviceReadModels));
    });

  it('rebuilds an empty log', async () => {
    const database = openDb(join(dir, 'read-models.sqlite'));
    const result = await rebuildReadModels({ store, database, readModels: serviceReadModels });
    database.close();
    expect(result).toEqual(E.right(expect.objectContaining({ events: 0, position: null })));
  });

  it('gives the connection back with its own page cache, memory map and checkpoints, whether it swapped or refused', async () => {
    await seedHistory(store, { sessions: 3 });
    const database = openDb(join(dir, 'read-models.sqlite'));
    const settings = () =>
      ['cache_size', 'mmap_size', 'wal_autocheckpoint'].map(
        (name) => Object.values(database.writer.prepare(`PRAGMA ${name}`).get() ?? {})[0],
      );
    const before = settings();
    const done = await rebuildReadModels({ store, database, readModels: serviceReadModels });
    const afterDone = settings();
    await store.appendToStream(
      'upload-session-broken',
      [{ id: 'b-1', type: 'Nonsense', data: {}, metadata: {} }],
      { expectedRevision: 'any' },
    );
    const refused = await rebuildReadModels({ store, database, readModels: serviceReadModels });
    const afterRefused = settings();
    database.close();
    expect(E.isRight(done) && E.isLeft(refused)).toBe(true);
    expect(before).toEqual([-2000, 0, 1000]);
    expect(afterDone).toEqual(before);
    expect(afterRefused).toEqual(before);
  });

  it('refuses an unreadable event and leaves the live tables alone', async () => {
    await seedHistory(store, { sessions: 2 });
    const path = join(dir, 'read-models.sqlite');
    const database = openDb(path);
    await rebuildReadModels({ store, database, readModels: serviceReadModels });
    const before = dumpReadModels(path, serviceReadModels);
    await store.appendToStream(
      'upload-session-broken',
      [{ id: 'b-1', type: 'Nonsense', data: {}, metadata: {} }],
      { expectedRevision: 'any' },
    );
    const result = await rebuildReadModels({ store, database, readModels: serviceReadModels });
    const ahead = await rebuildReadModels({
      store,
      database,
      readModels: serviceReadModels,
      readAhead: aheadOf(),
    });
    database.close();
    expect(E.isLeft(result) && result.left).toMatch(/cannot apply Nonsense/);
    expect(E.isLeft(ahead) && ahead.left).toMatch(/cannot apply Nonsense/);
    expect(dumpReadModels(path, serviceReadModels)).toEqual(before);
  });
});
