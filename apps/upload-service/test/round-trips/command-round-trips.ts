import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { StreamStateCache } from '@upload-sessions/event-sourcing';
import { CountingEventStore, type StoreCallCounts } from '@upload-sessions/event-store/testing';
import { STREAM_STATE_CACHE } from '@upload-sessions/service-core/application/tokens';
import { AddFileCommand } from '@upload-sessions/service-core/sessions/add-file/add-file.command';
import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { CompleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/complete/complete-upload-session.command';
import { DeleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/delete/delete-upload-session.command';
import { FailUploadSessionCommand } from '@upload-sessions/service-core/sessions/fail/fail-upload-session.command';
import { KeepAliveUploadSessionCommand } from '@upload-sessions/service-core/sessions/keep-alive/keep-alive-upload-session.command';
import { ReceiveFileContentCommand } from '@upload-sessions/service-core/sessions/receive-content/receive-file-content.command';
import { RemoveFileCommand } from '@upload-sessions/service-core/sessions/remove-file/remove-file.command';
import { CreateLibraryItemCommand } from '@upload-sessions/dialect-vsphere/library/create-library-item/create-library-item.command';
import { CreateLocalLibraryCommand } from '@upload-sessions/dialect-vsphere/library/create-local-library/create-local-library.command';
import { StartUploadSessionCommand } from '@upload-sessions/dialect-vsphere/sessions/start/start-upload-session.command';
import { CancelFileUploadCommand } from '@upload-sessions/dialect-blendvision/use-cases/cancel-upload/cancel-file-upload.command';
import { CompleteFileUploadCommand } from '@upload-sessions/dialect-blendvision/use-cases/complete-upload/complete-file-upload.command';
import { DeleteFileCommand } from '@upload-sessions/dialect-blendvision/use-cases/delete-file/delete-file.command';
import { UpdateFileCommand } from '@upload-sessions/dialect-blendvision/use-cases/update-file/update-file.command';
import { UploadFileCommand } from '@upload-sessions/dialect-blendvision/use-cases/upload-file/upload-file.command';
import { partName } from '@upload-sessions/dialect-blendvision/uploads/part-plan';
import { BlendvisionModule } from '@upload-sessions/dialect-blendvision/blendvision.module';
import { BvFileStreams } from '@upload-sessions/dialect-blendvision/files/bv-file-streams';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import { findFile } from '@upload-sessions/domain';
import { contextOf, startApplication, type Application } from '../application';

/** Whether the instance's stream-state cache knew the streams the command touches. */
export type CacheState = 'warm' | 'cold';

export interface RoundTripRow {
  readonly dialect: 'vSphere (/api and /rest)' | 'BlendVision';
  readonly command: string;
  readonly cache: CacheState;
  readonly calls: StoreCallCounts;
  readonly appends: number;
  readonly reads: number;
  /** Store calls made one after the other (concurrent ones count once). */
  readonly roundTrips: number;
}

const bytes = Buffer.from('hello round trips');
const sha256 = createHash('sha256').update(bytes).digest('hex');

/**
 * Runs every command of both dialects through the application's command bus over the in-memory store
 * wrapped in a CountingEventStore, one at a time, and records the store calls each made. `cold`: the
 * instance's stream-state cache is emptied before each measured command, as on an instance that did
 * not make the streams' last writes; `warm`: the instance made them (the usual case behind sticky routing).
 */
export const measureRoundTrips = async (cache: CacheState): Promise<RoundTripRow[]> => {
  let counting: CountingEventStore | undefined;
  const app: Application = await startApplication(
    // No expiry sweep (its head-position read) in the middle of a measured command.
    { EXPIRY_SWEEP_INTERVAL_SECONDS: '3600' },
    (store) => {
      counting = new CountingEventStore(store);
      return counting;
    },
    { imports: (readSide) => [BlendvisionModule.forRoot(readSide)] },
  );
  const sessions = app.moduleRef.get(SessionRunner);
  const files = app.moduleRef.get(BvFileStreams);
  const store = counting as CountingEventStore;
  const streamCache = app.moduleRef.get<StreamStateCache>(STREAM_STATE_CACHE);
  const rows: RoundTripRow[] = [];
  const acme = contextOf('acme');
  const ok = app.unwrap;

  const measure = async <A>(
    dialect: RoundTripRow['dialect'],
    command: string,
    run: () => Promise<A>,
  ): Promise<A> => {
    // Let whatever earlier commands started in the background (projections) settle first.
    await new Promise((resolve) => setImmediate(resolve));
    if (cache === 'cold') streamCache.clear();
    store.reset();
    const result = await run();
    const totals = store.totals();
    rows.push({
      dialect,
      command,
      cache,
      calls: store.counts(),
      appends: totals.appends,
      reads: totals.reads,
      roundTrips: totals.roundTrips,
    });
    return result;
  };
  const vsphere = 'vSphere (/api and /rest)' as const;
  const bv = 'BlendVision' as const;

  try {
    // vSphere
    const { libraryId } = ok(
      await measure(vsphere, 'create library', () =>
        app.commands.execute(new CreateLocalLibraryCommand(acme, 'lib-rt', '', null)),
      ),
    );
    const newItem = async (label: string): Promise<string> =>
      ok(
        await measure(vsphere, label, () =>
          app.commands.execute(
            new CreateLibraryItemCommand(acme, libraryId, `item-${Math.random()}`, '', 'iso', null),
          ),
        ),
      ).libraryItemId;
    const start = async (label: string, itemId: string, clientToken: string | null = null) =>
      ok(
        await measure(vsphere, label, () =>
          app.commands.execute(new StartUploadSessionCommand(acme, itemId, clientToken, [])),
        ),
      ).sessionId;

    const item = await newItem('create library item');
    const session = await start('create update session', item);
    ok(
      await measure(vsphere, 'add file', () =>
        app.commands.execute(new AddFileCommand(acme, session, 'f.iso', bytes.length, null)),
      ),
    );
    ok(
      await measure(vsphere, 'upload file (PUT)', () =>
        app.commands.execute(new ReceiveFileContentCommand(acme, session, 'f.iso', Readable.from([bytes]))),
      ),
    );
    ok(
      await measure(vsphere, 'keep-alive', () =>
        app.commands.execute(new KeepAliveUploadSessionCommand(acme, session, 50)),
      ),
    );
    ok(
      await measure(vsphere, 'complete', () =>
        app.commands.execute(new CompleteUploadSessionCommand(acme, session)),
      ),
    );
    ok(
      await measure(vsphere, 'delete session', () =>
        app.commands.execute(new DeleteUploadSessionCommand(acme, session)),
      ),
    );

    const second = await start('create update session (item used before)', item);
    ok(
      await measure(vsphere, 'add file (second)', () =>
        app.commands.execute(new AddFileCommand(acme, second, 'g.iso', null, null)),
      ),
    );
    ok(
      await measure(vsphere, 'remove file', () =>
        app.commands.execute(new RemoveFileCommand(acme, second, 'g.iso')),
      ),
    );
    ok(
      await measure(vsphere, 'cancel', () =>
        app.commands.execute(new CancelUploadSessionCommand(acme, second)),
      ),
    );

    const third = await start('create update session (client token)', item, 'token-1');
    ok(
      await measure(vsphere, 'fail', () =>
        app.commands.execute(new FailUploadSessionCommand(acme, third, 'client gave up')),
      ),
    );

    // BlendVision
    const upload = async (label: string) =>
      ok(
        await measure(bv, label, () =>
          app.commands.execute(
            new UploadFileCommand(acme, {
              type: 'FILE_TYPE_VIDEO',
              source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
              name: 'clip.mp4',
              size: bytes.length,
            }),
          ),
        ),
      );
    const started = await upload('files:upload');
    const fileId = started.file.id;
    ok(
      await measure(bv, 'part PUT', async () => {
        // What PartUploadRoute does before the command: the upload's session (a remembered active one
        // with the slot will do), then its file for the part limit (a remembered live one will do).
        await sessions.loadAny(
          started.uploadId,
          (known) => known.status === 'ACTIVE' && findFile(known, partName(1)) !== undefined,
        );
        await files.loadRemembered(fileId, acme.organizationId);
        return app.commands.execute(
          new ReceiveFileContentCommand(acme, started.uploadId, partName(1), Readable.from([bytes])),
        );
      }),
    );
    ok(
      await measure(bv, 'complete-upload', () =>
        app.commands.execute(
          new CompleteFileUploadCommand(acme, fileId, started.uploadId, [{ partNumber: 1, etag: sha256 }]),
        ),
      ),
    );
    ok(
      await measure(bv, 'update file', () =>
        app.commands.execute(new UpdateFileCommand(acme, fileId, 'renamed.mp4', null)),
      ),
    );
    ok(await measure(bv, 'delete file', () => app.commands.execute(new DeleteFileCommand(acme, fileId))));

    const other = await upload('files:upload (second)');
    ok(
      await measure(bv, 'cancel-upload', () =>
        app.commands.execute(new CancelFileUploadCommand(acme, other.file.id, other.uploadId)),
      ),
    );
    ok(
      await measure(bv, 'delete file (upload in progress)', async () => {
        const third = await upload('files:upload (third)');
        if (cache === 'cold') streamCache.clear();
        store.reset();
        return app.commands.execute(new DeleteFileCommand(acme, third.file.id));
      }),
    );
  } finally {
    await app.close();
  }
  return rows;
};

/** The rows as a Markdown table. */
export const roundTripTable = (rows: readonly RoundTripRow[]): string => {
  const lines = [
    '| dialect | command | cache | appendToStream | appendToStreams | readStream | other reads | appends | reads | round trips |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const other = r.calls.readAll + r.calls.headPosition;
    lines.push(
      `| ${r.dialect} | ${r.command} | ${r.cache} | ${r.calls.appendToStream} | ${r.calls.appendToStreams} | ${r.calls.readStream} | ${other} | ${r.appends} | ${r.reads} | ${r.roundTrips} |`,
    );
  }
  return lines.join('\n');
};
