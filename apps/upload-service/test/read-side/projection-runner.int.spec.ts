import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { uploadSessionDecider } from '@upload-sessions/domain';
import type { GlobalPosition } from '@upload-sessions/event-store';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';
import { loadStream } from '@upload-sessions/event-sourcing';
import {
  libraryItemStream,
  uploadSessionStream,
} from '@upload-sessions/service-core/event-sourcing/stream-names';
import { libraryItemDecider } from '@upload-sessions/content-library';
import { libraryItemCodec } from '@upload-sessions/dialect-vsphere/library/library-codecs';
import { ReadModelDatabase } from '@upload-sessions/read-side/projections/read-model-database';
import { libraryItemsReadModel } from '@upload-sessions/dialect-vsphere/read-models/library-items.read-model';
import { serviceReadModels } from '../../src/app/service-read-models';
import {
  decodeUploadSessionEvent,
  uploadSessionsReadModel,
} from '@upload-sessions/read-side/projections/read-models/upload-sessions.read-model';
import { StreamStateReadModel } from '@upload-sessions/read-side/projections/read-models/stream-state-read-model';
import { dumpReadModels } from './support/dump-read-models';
import { seedHistory } from './support/seed-history';
import {
  ProjectionRunner,
  type ProjectionRunnerOptions,
} from '@upload-sessions/read-side/projections/runner/projection-runner';

const sessionCodec = {
  encode: () => {
    throw new Error('read only');
  },
  decode: decodeUploadSessionEvent,
};

const openStore = async (path: string) => {
  const opened = await SqliteEventStore.open({ path, externalChangePollMs: 50 });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  return opened.right;
};
const openDb = (path: string) => {
  const opened = ReadModelDatabase.open({ path });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  return opened.right;
};
const runner = (options: ProjectionRunnerOptions) => {
  const created = ProjectionRunner.create(options);
  if (E.isLeft(created)) throw new Error(created.left);
  return created.right;
};

describe('ProjectionRunner on the SQLite event store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'projection-runner-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('folds every stream exactly as loading the stream does, then follows live writes', async () => {
    const store = await openStore(join(dir, 'events.sqlite'));
    const seeded = await seedHistory(store, { sessions: 40 });
    const database = openDb(join(dir, 'read-models.sqlite'));
    const projection = runner({ store, database, readModels: serviceReadModels, batchSize: 50 });
    projection.start();
    await projection.caughtUp();

    const sessions = uploadSessionsReadModel.reader(database.reader);
    for (const id of seeded.sessionIds) {
      const loaded = await loadStream(store, uploadSessionStream(id), uploadSessionDecider, sessionCodec);
      expect(E.isRight(loaded) && loaded.right.state).toEqual(sessions.get(id)?.state);
    }
    const items = libraryItemsReadModel.reader(database.reader);
    const itemRows = items.list({}, { limit: 100 }).items;
    expect(itemRows.length).toBeGreaterThan(0);
    for (const row of itemRows) {
      const loaded = await loadStream(store, libraryItemStream(row.id), libraryItemDecider, libraryItemCodec);
      expect(E.isRight(loaded) && loaded.right.state).toEqual(row.state);
    }
    const head = await store.headPosition();
    expect(E.isRight(head) && projection.position).toBe(E.isRight(head) && head.right);
    const status = projection.status();
    expect(status.state).toBe('live');
    expect(status.readModels.map((m) => m.position)).toEqual(
      serviceReadModels.map(() => projection.position),
    );
    expect(status.readModels.find((m) => m.name === 'upload-sessions')?.events).toBeGreaterThan(
      seeded.sessionIds.length,
    );

    // A live write: waitFor resolves once the read model shows it, without polling.
    const more = await seedHistory(store, { sessions: 1, seed: 7 });
    const after = await store.headPosition();
    const target = (E.isRight(after) ? after.right : undefined) as GlobalPosition;
    expect(await projection.waitFor(target, 10_000)).toBe(true);
    expect(sessions.get(more.sessionIds[0]!)).toBeDefined();

    // Paused, it applies nothing (a wait ends at its bound); resumed, it carries on.
    projection.pause();
    const held = await seedHistory(store, { sessions: 1, seed: 8 });
    const heldHead = await store.headPosition();
    const heldAt = (E.isRight(heldHead) ? heldHead.right : undefined) as GlobalPosition;
    expect(await projection.waitFor(heldAt, 100)).toBe(false);
    expect(sessions.get(held.sessionIds[0]!)).toBeUndefined();
    projection.resume();
    expect(await projection.waitFor(heldAt, 10_000)).toBe(true);
    expect(sessions.get(held.sessionIds[0]!)).toBeDefined();

    // A position nobody writes is not reached: the wait ends at its bound.
    expect(await projection.waitFor(`${'9'.repeat(20)}` as GlobalPosition, 50)).toBe(false);
    await projection.stop();
    database.close();
    await store.close();
    // Its seeding makes a few hundred fsync'ed appends: it timed out at Jest's 5 s on the loaded 2-core machine.
  }, 30_000);

  it('resumes from its checkpoint after a restart and applies nothing twice', async () => {
    const store = await openStore(join(dir, 'events.sqlite'));
    await seedHistory(store, { sessions: 10 });
    const path = join(dir, 'read-models.sqlite');
    const first = openDb(path);
    const one = runner({ store, database: first, readModels: serviceReadModels });
    one.start();
    await one.caughtUp();
    await one.stop();
    first.close();
    const afterFirst = dumpReadModels(path, serviceReadModels);

    await seedHistory(store, { sessions: 5, seed: 3 });
    const second = openDb(path);
    let applied = 0;
    const two = runner({
      store,
      database: second,
      readModels: serviceReadModels,
      hooks: { afterCommit: (n) => (applied = n) },
    });
    two.start();
    await two.caughtUp();
    await two.stop();
    second.close();

    const all = await store.readAll();
    const total = E.isRight(all) ? all.right.events.length : -1;
    const firstEvents = (afterFirst['checkpoint:local-libraries'] as { events: number }).events;
    // The second run applied only what the first had not seen.
    expect(applied).toBe(total - firstEvents);

    const fresh = join(dir, 'fresh.sqlite');
    const clean = openDb(fresh);
    const three = runner({ store, database: clean, readModels: serviceReadModels });
    three.start();
    await three.caughtUp();
    await three.stop();
    clean.close();
    expect(dumpReadModels(path, serviceReadModels)).toEqual(dumpReadModels(fresh, serviceReadModels));
    await store.close();
  });

  it('replays a read model from the start when its version changes', async () => {
    const store = await openStore(join(dir, 'events.sqlite'));
    await seedHistory(store, { sessions: 5 });
    const path = join(dir, 'read-models.sqlite');
    const database = openDb(path);
    const one = runner({ store, database, readModels: serviceReadModels });
    one.start();
    await one.caughtUp();
    await one.stop();
    const before = dumpReadModels(path, serviceReadModels);

    const next = uploadSessionsReadModel.version + 1;
    const bumped = new StreamStateReadModel({ ...uploadSessionsReadModel.definition, version: next });
    const models = [bumped, ...serviceReadModels.slice(1)];
    let applied = 0;
    const two = runner({ store, database, readModels: models, hooks: { afterCommit: (n) => (applied = n) } });
    two.start();
    await two.caughtUp();
    await two.stop();
    database.close();
    const sessionEvents = (before['checkpoint:upload-sessions'] as { events: number }).events;
    expect(applied).toBe(sessionEvents);
    const after = dumpReadModels(path, models);
    expect(after['upload_sessions']).toEqual(before['upload_sessions']);
    expect(after['checkpoint:upload-sessions']).toEqual({
      ...(before['checkpoint:upload-sessions'] as object),
      version: next,
    });
    await store.close();
  });

  it('stops at an event it cannot read, keeps what came before, and says why', async () => {
    const store = await openStore(join(dir, 'events.sqlite'));
    await seedHistory(store, { sessions: 3 });
    const good = await store.headPosition();
    await store.appendToStream(
      uploadSessionStream('broken'),
      [{ id: 'x-1', type: 'UploadSessionExploded', data: {}, metadata: {} }],
      {
        expectedRevision: 'any',
      },
    );
    const database = openDb(join(dir, 'read-models.sqlite'));
    const projection = runner({ store, database, readModels: serviceReadModels, retryDelayMs: 60_000 });
    projection.start();
    for (let i = 0; i < 200 && projection.status().state !== 'failed'; i++)
      await new Promise((r) => setTimeout(r, 10));
    const status = projection.status();
    expect(status.state).toBe('failed');
    expect(status.error).toMatch(/upload-sessions cannot apply UploadSessionExploded/);
    expect(status.readModels.find((m) => m.name === 'upload-sessions')?.position).toBe(
      E.isRight(good) && good.right,
    );
    await projection.stop();
    database.close();
    await store.close();
  });
});
