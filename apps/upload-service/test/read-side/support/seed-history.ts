import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { serializeEvent, uploadSessionDecider, type UploadSessionCommand } from '@upload-sessions/domain';
import type { EventStore } from '@upload-sessions/event-store';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import { runDecider } from '@upload-sessions/service-core/event-sourcing/run-decider';
import {
  bvFileDecider,
  type BvFileCommand,
} from '@upload-sessions/dialect-blendvision/files/bv-file-decider';
import { bvFileCodec } from '@upload-sessions/dialect-blendvision/files/bv-file-events';
import { bvFileStream } from '@upload-sessions/dialect-blendvision/files/bv-file-streams';
import {
  libraryItemStream,
  libraryStream,
  uploadSessionStream,
} from '@upload-sessions/service-core/event-sourcing/stream-names';
import {
  libraryItemDecider,
  type LibraryItemCommand,
} from '@upload-sessions/dialect-vsphere/library/library-item/library-item-decider';
import { libraryItemCodec } from '@upload-sessions/dialect-vsphere/library/library-item/library-item-events';
import {
  localLibraryDecider,
  type LocalLibraryCommand,
} from '@upload-sessions/dialect-vsphere/library/local-library/local-library-decider';
import { localLibraryCodec } from '@upload-sessions/dialect-vsphere/library/local-library/local-library-events';
import { decodeUploadSessionEvent } from '@upload-sessions/read-side/projections/read-models/upload-sessions.read-model';

/** A small deterministic PRNG (mulberry32): the same seed writes the same history shape. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export interface SeedOptions {
  readonly sessions: number;
  readonly organizations?: number;
  readonly seed?: number;
}

export interface SeededHistory {
  readonly events: number;
  readonly sessionIds: readonly string[];
  /** Every stream the seed wrote to. */
  readonly streams: ReadonlySet<string>;
}

const sessionCodec = {
  encode: serializeEvent,
  decode: decodeUploadSessionEvent,
};

const must = <A>(result: E.Either<unknown, A>, what: string): A => {
  if (E.isLeft(result)) throw new Error(`${what}: ${JSON.stringify(result.left)}`);
  return result.right;
};

/**
 * Writes a realistic mixed history through the aggregates' own deciders: libraries, items, sessions
 * that receive content and then complete (committing the item's content), cancel, fail, or stay
 * active, some later deleted, plus one cancel in the old schema v1 (no contentToDelete) to upcast.
 */
export const seedHistory = async (store: EventStore, options: SeedOptions): Promise<SeededHistory> => {
  const random = prng(options.seed ?? 42);
  const organizations = Array.from({ length: options.organizations ?? 3 }, (_, i) => `org-${i}`);
  let clock = Date.parse('2026-03-01T08:00:00.000Z');
  const now = () => new Date((clock += 1000 + Math.floor(random() * 5000)));
  const nowIso = () => now().toISOString();
  let events = 0;
  const streams = new Set<string>();
  const context = (organizationId: string, user: string): CommandContext => ({
    actor: { id: user, kind: 'user' },
    organizationId,
    correlationId: `req-${randomUUID()}`,
    causationId: randomUUID(),
  });

  const library = async (id: string, ctx: CommandContext, command: LocalLibraryCommand) => {
    streams.add(libraryStream(id));
    const r = must(
      await runDecider({
        store,
        streamName: libraryStream(id),
        decider: localLibraryDecider,
        codec: localLibraryCodec,
        command: () => E.right(command),
        context: ctx,
        retries: 3,
        now,
      }),
      `library ${id}`,
    );
    events += r.events.length;
  };
  const item = async (id: string, ctx: CommandContext, command: LibraryItemCommand) => {
    streams.add(libraryItemStream(id));
    const r = must(
      await runDecider({
        store,
        streamName: libraryItemStream(id),
        decider: libraryItemDecider,
        codec: libraryItemCodec,
        command: () => E.right(command),
        context: ctx,
        retries: 3,
        now,
      }),
      `item ${id}`,
    );
    events += r.events.length;
    return r.after;
  };
  const session = async (id: string, ctx: CommandContext, command: UploadSessionCommand) => {
    streams.add(uploadSessionStream(id));
    const r = must(
      await runDecider({
        store,
        streamName: uploadSessionStream(id),
        decider: uploadSessionDecider,
        codec: sessionCodec,
        command: () => E.right(command),
        context: ctx,
        retries: 3,
        now,
      }),
      `session ${id}`,
    );
    events += r.events.length;
    return r.after;
  };

  const bvFile = async (id: string, ctx: CommandContext, command: BvFileCommand) => {
    streams.add(bvFileStream(id));
    const r = must(
      await runDecider({
        store,
        streamName: bvFileStream(id),
        decider: bvFileDecider,
        codec: bvFileCodec,
        command: () => E.right(command),
        context: ctx,
        retries: 3,
        now,
      }),
      `bv file ${id}`,
    );
    events += r.events.length;
  };

  const items: { id: string; org: string }[] = [];
  for (const org of organizations) {
    const libraryId = randomUUID();
    const ctx = context(org, `admin@${org}`);
    await library(libraryId, ctx, {
      type: 'CreateLocalLibrary',
      libraryId,
      organizationId: org,
      name: `lib ${org}`,
      description: '',
      clientToken: null,
      now: nowIso(),
    });
    for (let i = 0; i < 2; i++) {
      const itemId = randomUUID();
      await item(itemId, ctx, {
        type: 'CreateLibraryItem',
        libraryItemId: itemId,
        libraryId,
        organizationId: org,
        name: `item ${i}`,
        description: '',
        itemType: 'ovf',
        clientToken: null,
        now: nowIso(),
      });
      await library(libraryId, ctx, {
        type: 'AddItem',
        libraryItemId: itemId,
        name: `item ${i}`,
        liveItemIds: new Set(),
        now: nowIso(),
      });
      items.push({ id: itemId, org });
    }
  }

  const sessionIds: string[] = [];
  for (let s = 0; s < options.sessions; s++) {
    if (s % 4 === 3) {
      // A BlendVision upload: the file, then its session with numbered parts, then an outcome.
      const org = organizations[s % organizations.length] ?? 'org-0';
      const ctx: CommandContext = {
        ...context(org, `token-${s % 2}`),
        actor: { id: `token-${s % 2}`, kind: 'api-token' },
      };
      const fileId = randomUUID();
      const sessionId = randomUUID();
      sessionIds.push(sessionId);
      const parts = 1 + Math.floor(random() * 3);
      const metadata = { shortDescription: '', longDescription: '', labels: random() < 0.5 ? ['a'] : [] };
      await bvFile(fileId, ctx, {
        type: 'CreateBvFile',
        fileId,
        organizationId: org,
        uploadId: sessionId,
        fileType: random() < 0.5 ? 'FILE_TYPE_VIDEO' : 'FILE_TYPE_IMAGE',
        source: 'FILE_SOURCE_UPLOAD',
        name: `clip ${s}.mp4`,
        size: parts * 100,
        partSize: 100,
        attrs: {},
        metadata,
        now: nowIso(),
      });
      const names = Array.from({ length: parts }, (_, p) => `part-${String(p + 1).padStart(5, '0')}`);
      await session(sessionId, ctx, {
        type: 'StartUploadSession',
        sessionId,
        organizationId: org,
        target: { kind: 'file', fileId },
        files: names.map((name) => ({ name, size: null, checksum: null })),
        expiresAt: new Date(clock + 3_600_000).toISOString(),
        clientToken: null,
        now: nowIso(),
      });
      for (const name of names) {
        await session(sessionId, ctx, {
          type: 'RecordContent',
          name,
          size: 100,
          checksum: { algorithm: 'MD5', value: 'cd'.repeat(16) },
          etag: `e-${name}`,
          now: nowIso(),
        });
      }
      const outcome = random();
      if (outcome < 0.5)
        await session(sessionId, ctx, {
          type: 'CompleteUploadSession',
          parts: names.map((name) => ({ name, etag: `e-${name}` })),
          now: nowIso(),
        });
      else if (outcome < 0.8)
        await session(sessionId, ctx, { type: 'CancelUploadSession', reason: 'client', now: nowIso() });
      if (random() < 0.2)
        await bvFile(fileId, ctx, {
          type: 'UpdateBvFile',
          fileId,
          name: `renamed ${s}.mp4`,
          metadata: null,
          now: nowIso(),
        });
      if (random() < 0.15) await bvFile(fileId, ctx, { type: 'DeleteBvFile', fileId, now: nowIso() });
      continue;
    }
    const target = items[Math.floor(random() * items.length)] ?? items[0]!;
    const user = `user-${Math.floor(random() * 3)}@${target.org}`;
    const ctx = context(target.org, user);
    const sessionId = randomUUID();
    sessionIds.push(sessionId);
    await item(target.id, ctx, { type: 'ClaimLibraryItem', sessionId, claimIsFree: true, now: nowIso() });
    const startedAt = now();
    await session(sessionId, ctx, {
      type: 'StartUploadSession',
      sessionId,
      organizationId: target.org,
      target: { kind: 'library-item', libraryItemId: target.id, contentVersion: '1' },
      files: [],
      expiresAt: new Date(startedAt.getTime() + 300_000).toISOString(),
      clientToken: null,
      now: startedAt.toISOString(),
    });
    const files = 1 + Math.floor(random() * 3);
    for (let f = 0; f < files; f++) {
      const size = 1 + Math.floor(random() * 100_000);
      await session(sessionId, ctx, {
        type: 'AddFile',
        name: `file-${f}.vmdk`,
        size,
        checksum: null,
        now: nowIso(),
      });
      await session(sessionId, ctx, {
        type: 'KeepAliveUploadSession',
        expiresAt: new Date(clock + 600_000).toISOString(),
        clientProgress: Math.round(((f + 1) / files) * 90),
        now: nowIso(),
      });
      await session(sessionId, ctx, {
        type: 'RecordContent',
        name: `file-${f}.vmdk`,
        size,
        checksum: { algorithm: 'SHA256', value: 'ab'.repeat(32) },
        etag: `etag-${f}`,
        now: nowIso(),
      });
    }
    const outcome = random();
    if (outcome < 0.45) {
      const done = await session(sessionId, ctx, {
        type: 'CompleteUploadSession',
        parts: null,
        now: nowIso(),
      });
      if (done.status === 'DONE' && done.completedFiles !== null) {
        const files = done.completedFiles.map((f) => ({
          name: f.name,
          size: f.size,
          checksum: { ...f.checksum },
        }));
        await item(target.id, ctx, { type: 'CommitContent', sessionId, files, now: nowIso() });
      }
    } else if (outcome < 0.7) {
      await session(sessionId, ctx, { type: 'CancelUploadSession', reason: 'client', now: nowIso() });
    } else if (outcome < 0.8) {
      await session(sessionId, ctx, { type: 'FailUploadSession', message: 'client gave up', now: nowIso() });
    }
    if (outcome < 0.8 && random() < 0.2)
      await session(sessionId, ctx, { type: 'DeleteUploadSession', now: nowIso() });
  }

  // An old-schema cancel: written as release 1 wrote it, read back through the domain's upcaster.
  const legacyId = randomUUID();
  const legacyOrg = organizations[0] ?? 'org-0';
  const ctx = context(legacyOrg, 'legacy-user');
  await session(legacyId, ctx, {
    type: 'StartUploadSession',
    sessionId: legacyId,
    organizationId: legacyOrg,
    target: { kind: 'file', fileId: randomUUID() },
    files: [],
    expiresAt: new Date(clock + 300_000).toISOString(),
    clientToken: null,
    now: nowIso(),
  });
  const canceledAt = nowIso();
  const eventId = randomUUID();
  must(
    await store.appendToStream(
      uploadSessionStream(legacyId),
      [
        {
          id: eventId,
          type: 'UploadSessionCanceled',
          data: { reason: 'client', canceledAt },
          metadata: {
            eventId,
            occurredAt: canceledAt,
            actor: { id: 'legacy-user', kind: 'user' },
            organizationId: legacyOrg,
            correlationId: 'legacy',
            causationId: null,
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: 0 },
    ),
    'legacy cancel',
  );
  events += 1;
  sessionIds.push(legacyId);
  streams.add(uploadSessionStream(legacyId));
  return { events, sessionIds, streams };
};
