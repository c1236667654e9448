import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { uploadSessionDecider, type UploadSessionState } from '@upload-sessions/domain';
import type { RecordedEvent } from '@upload-sessions/event-store';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';
import { bvFileDecider, type BvFile, type BvFileState } from '@upload-sessions/library-file';
import { bvFileCodec } from '@upload-sessions/dialect-blendvision/files/bv-file-codec';
import { BV_FILE_STREAM_PREFIX } from '@upload-sessions/dialect-blendvision/files/bv-file-streams';
import { summaryOfSession } from '@upload-sessions/dialect-blendvision/files/upload-summary';
import {
  LIBRARY_ITEM_STREAM_PREFIX,
  LIBRARY_STREAM_PREFIX,
  UPLOAD_SESSION_STREAM_PREFIX,
} from '@upload-sessions/service-core/event-sourcing/stream-names';
import {
  libraryItemDecider,
  type LibraryItemState,
  localLibraryDecider,
  type LocalLibraryState,
} from '@upload-sessions/content-library';
import { libraryItemCodec } from '@upload-sessions/dialect-vsphere/library/library-codecs';
import { localLibraryCodec } from '@upload-sessions/dialect-vsphere/library/library-codecs';
import { ReadModelDatabase } from '@upload-sessions/read-side/projections/read-model-database';
import { serviceReadModels } from '../../src/app/service-read-models';
import { decodeUploadSessionEvent } from '@upload-sessions/read-side/projections/read-models/upload-sessions.read-model';
import { ProjectionRunner } from '@upload-sessions/read-side/projections/runner/projection-runner';
import { seedHistory } from './support/seed-history';
import type { DatabaseSync } from 'node:sqlite';
import { BvFileQueries } from '@upload-sessions/dialect-blendvision/use-cases/queries/bv-file-queries';
import { LibraryReadModelQueries } from '@upload-sessions/dialect-vsphere/library/queries/library-read-model-queries';
import { ReadModelQueries } from '@upload-sessions/read-side/projections/queries/read-model-queries';

/** The ground truth: every stream of the log folded by its aggregate, in log order. */
const foldAll = (log: readonly RecordedEvent[]) => {
  const sessions = new Map<string, UploadSessionState>();
  const creators = new Map<string, string>();
  const items = new Map<string, LibraryItemState>();
  const libraries = new Map<string, LocalLibraryState>();
  const files = new Map<string, BvFileState>();
  const right = <A>(e: E.Either<string, A>): A => {
    if (E.isLeft(e)) throw new Error(e.left);
    return e.right;
  };
  for (const event of log) {
    const name = event.streamName;
    if (name.startsWith(UPLOAD_SESSION_STREAM_PREFIX)) {
      const id = name.slice(UPLOAD_SESSION_STREAM_PREFIX.length);
      if (!creators.has(id)) creators.set(id, (event.metadata['actor'] as { id: string }).id);
      sessions.set(
        id,
        uploadSessionDecider.evolve(
          sessions.get(id) ?? { status: 'NONE' },
          right(decodeUploadSessionEvent(event)),
        ),
      );
    } else if (name.startsWith(LIBRARY_ITEM_STREAM_PREFIX)) {
      const id = name.slice(LIBRARY_ITEM_STREAM_PREFIX.length);
      items.set(
        id,
        libraryItemDecider.evolve(items.get(id) ?? { status: 'NONE' }, right(libraryItemCodec.decode(event))),
      );
    } else if (name.startsWith(LIBRARY_STREAM_PREFIX)) {
      const id = name.slice(LIBRARY_STREAM_PREFIX.length);
      libraries.set(
        id,
        localLibraryDecider.evolve(
          libraries.get(id) ?? { status: 'NONE' },
          right(localLibraryCodec.decode(event)),
        ),
      );
    } else if (name.startsWith(BV_FILE_STREAM_PREFIX)) {
      const id = name.slice(BV_FILE_STREAM_PREFIX.length);
      files.set(
        id,
        bvFileDecider.evolve(files.get(id) ?? { status: 'NONE' }, right(bvFileCodec.decode(event))),
      );
    }
  }
  return { sessions, creators, items, libraries, files };
};

/** The session queries and the dialects' library and file queries, over one read-model database. */
const allQueries = (db: DatabaseSync) => {
  const sessions = new ReadModelQueries(db);
  const libraries = new LibraryReadModelQueries(db);
  const files = new BvFileQueries(db);
  return {
    uploadSessionState: sessions.uploadSessionState.bind(sessions),
    uploadSession: sessions.uploadSession.bind(sessions),
    uploadSessionIds: sessions.uploadSessionIds.bind(sessions),
    expiredActiveSessions: sessions.expiredActiveSessions.bind(sessions),
    libraryItem: libraries.libraryItem.bind(libraries),
    libraryItemIds: libraries.libraryItemIds.bind(libraries),
    localLibrary: libraries.localLibrary.bind(libraries),
    localLibraryIds: libraries.localLibraryIds.bind(libraries),
    bvFile: files.bvFile.bind(files),
    bvFiles: files.bvFiles.bind(files),
    bvFileCount: files.bvFileCount.bind(files),
  };
};

describe('ReadModelQueries', () => {
  it('answers what folding the streams answers, for every organization', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-model-queries-'));
    const opened = await SqliteEventStore.open({ path: join(dir, 'events.sqlite'), externalChangePollMs: 0 });
    if (E.isLeft(opened)) throw new Error(opened.left.message);
    const store = opened.right;
    await seedHistory(store, { sessions: 60, organizations: 3 });
    const database = ReadModelDatabase.open({ path: join(dir, 'read-models.sqlite') });
    if (E.isLeft(database)) throw new Error(database.left.message);
    const runner = ProjectionRunner.create({
      store,
      database: database.right,
      readModels: serviceReadModels,
    });
    if (E.isLeft(runner)) throw new Error(runner.left);
    runner.right.start();
    await runner.right.caughtUp();
    const all = await store.readAll();
    if (E.isLeft(all)) throw new Error(all.left.message);
    const truth = foldAll(all.right.events);
    const queries = allQueries(database.right.reader);

    const orgs = ['org-0', 'org-1', 'org-2'];
    for (const [id, state] of truth.sessions) {
      expect(queries.uploadSessionState(id)).toEqual(state);
      for (const org of orgs) {
        const visible = state.status !== 'NONE' && state.status !== 'DELETED' && state.organizationId === org;
        expect(queries.uploadSession(org, id)).toEqual(visible ? state : undefined);
      }
    }
    // The expiry sweep's nominees: ACTIVE sessions whose expiresAt has passed, oldest first, limited.
    const active = [...truth.sessions].flatMap(([id, s]) => (s.status === 'ACTIVE' ? [{ id, s }] : []));
    expect(active.length).toBeGreaterThan(1);
    const times = active.map(({ s }) => Date.parse(s.expiresAt)).sort((a, b) => a - b);
    for (const now of [times[0]! - 1, times[0]!, times[Math.floor(times.length / 2)]!, times.at(-1)!]) {
      const due = active.filter(({ s }) => Date.parse(s.expiresAt) <= now);
      const nominated = queries.expiredActiveSessions(now, 10_000);
      expect(new Set(nominated.map((n) => n.sessionId))).toEqual(new Set(due.map(({ id }) => id)));
      for (const n of nominated) {
        const state = truth.sessions.get(n.sessionId);
        expect(state?.status === 'ACTIVE' && [state.organizationId, state.expiresAt]).toEqual([
          n.organizationId,
          n.expiresAt,
        ]);
      }
      expect(queries.expiredActiveSessions(now, 1)).toEqual(nominated.slice(0, 1));
    }
    expect(queries.expiredActiveSessions(times.at(-1)!, 0)).toEqual([]);

    let listed = 0;
    for (const org of orgs) {
      const live = [...truth.sessions].filter(
        ([, s]) => s.status !== 'NONE' && s.status !== 'DELETED' && s.organizationId === org,
      );
      expect(new Set(queries.uploadSessionIds({ organizationId: org }))).toEqual(
        new Set(live.map(([id]) => id)),
      );
      for (const user of new Set(live.map(([id]) => truth.creators.get(id)!))) {
        const mine = live.filter(([id]) => truth.creators.get(id) === user).map(([id]) => id);
        expect(new Set(queries.uploadSessionIds({ organizationId: org, createdBy: user }))).toEqual(
          new Set(mine),
        );
        listed += mine.length;
      }
      for (const [itemId, item] of truth.items) {
        const onItem = live.filter(
          ([, s]) =>
            s.status !== 'NONE' && s.target.kind === 'library-item' && s.target.libraryItemId === itemId,
        );
        expect(new Set(queries.uploadSessionIds({ organizationId: org, libraryItemId: itemId }))).toEqual(
          new Set(onItem.map(([id]) => id)),
        );
        expect(queries.libraryItem(org, itemId)).toEqual(
          item.status === 'ACTIVE' && item.organizationId === org ? item : undefined,
        );
      }
      const libs = [...truth.libraries].filter(([, l]) => l.status === 'ACTIVE' && l.organizationId === org);
      expect(queries.localLibraryIds(org)).toEqual(libs.map(([id]) => id));
      for (const [libraryId, library] of libs) {
        expect(queries.localLibrary(org, libraryId)).toEqual(library);
        expect(queries.localLibrary('someone-else', libraryId)).toBeUndefined();
        expect(new Set(queries.libraryItemIds(libraryId))).toEqual(
          new Set(library.status === 'ACTIVE' ? library.items.map((i) => i.id) : []),
        );
      }

      const files = [...truth.files]
        .filter(([, f]) => f.status === 'ACTIVE' && f.organizationId === org)
        .map(([, f]) => {
          const file = f as BvFile;
          return { file, upload: summaryOfSession(truth.sessions.get(file.uploadId) ?? { status: 'NONE' }) };
        })
        // Newest first: the reverse of the order the files were created in the log.
        .reverse();
      expect(queries.bvFiles(org)).toEqual(files);
      expect(queries.bvFiles(org, { succeededOnly: true })).toEqual(
        files.filter((f) => f.upload.state === 'DONE'),
      );
      expect(queries.bvFiles(org, { fileType: 'FILE_TYPE_VIDEO' })).toEqual(
        files.filter((f) => f.file.fileType === 'FILE_TYPE_VIDEO'),
      );
      for (const f of files) expect(queries.bvFile(org, f.file.id)).toEqual(f);
      // Pages and counts in SQL equal slices and lengths of the whole list.
      const succeeded = files.filter((f) => f.upload.state === 'DONE');
      expect(queries.bvFileCount(org)).toBe(files.length);
      expect(queries.bvFileCount(org, { succeededOnly: true })).toBe(succeeded.length);
      for (const [offset, limit] of [
        [0, 2],
        [1, 3],
        [files.length - 1, 5],
        [files.length, 2],
      ] as const) {
        expect(queries.bvFiles(org, { page: { offset, limit } })).toEqual(
          files.slice(offset, offset + limit),
        );
        expect(queries.bvFiles(org, { succeededOnly: true, page: { offset, limit } })).toEqual(
          succeeded.slice(offset, offset + limit),
        );
      }
    }
    expect(listed).toBeGreaterThan(10);
    await runner.right.stop();
    database.right.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    // Seeding 60 sessions makes a few hundred durable appends (an fsync each): seconds on a loaded disk.
  }, 30_000);
});
