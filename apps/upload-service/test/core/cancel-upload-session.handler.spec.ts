import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../application';
import { TransferRegistry } from '@upload-sessions/service-core/content/transfer-registry';
import { AddFileCommand } from '@upload-sessions/service-core/sessions/add-file/add-file.command';
import { CompleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/complete/complete-upload-session.command';
import { ReceiveFileContentCommand } from '@upload-sessions/service-core/sessions/receive-content/receive-file-content.command';
import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';

describe('CancelUploadSessionHandler', () => {
  let app: Application;
  const acme = contextOf('acme');
  beforeEach(async () => {
    app = await startApplication();
  });
  afterEach(async () => app.close());

  it('cancels an ACTIVE session, aborts its transfers and deletes its bytes', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    app.unwrap(await app.commands.execute(new AddFileCommand(acme, sessionId, 'a.bin', null, null)));
    app.unwrap(
      await app.commands.execute(
        new ReceiveFileContentCommand(acme, sessionId, 'a.bin', Readable.from([Buffer.from('data')])),
      ),
    );
    expect(existsSync(path.join(app.contentDir, 'tmp', sessionId, 'a.bin'))).toBe(true);
    const inFlight = app.moduleRef.get(TransferRegistry).begin(sessionId, 'b.bin');

    const session = app.unwrap(await app.commands.execute(new CancelUploadSessionCommand(acme, sessionId)));
    expect([session.status, session.cancelReason]).toEqual(['CANCELED', 'client']);
    expect(inFlight?.signal.aborted).toBe(true);
    expect(existsSync(path.join(app.contentDir, 'tmp', sessionId))).toBe(false);
    const events = await app.events(`upload-session-${sessionId}`);
    expect(events.at(-1)).toMatchObject({
      type: 'UploadSessionCanceled',
      data: { reason: 'client', contentToDelete: ['a.bin'] },
    });
  });

  it('refuses a second cancel and a cancel after complete', async () => {
    const first = await app.startSession(acme, await app.createItem(acme));
    app.unwrap(await app.commands.execute(new CancelUploadSessionCommand(acme, first)));
    const again = await app.commands.execute(new CancelUploadSessionCommand(acme, first));
    expect(E.isLeft(again) && again.left._tag).toBe('AlreadyCanceled');

    const done = await app.startSession(acme, await app.createItem(acme));
    app.unwrap(await app.commands.execute(new AddFileCommand(acme, done, 'f', null, null)));
    app.unwrap(
      await app.commands.execute(
        new ReceiveFileContentCommand(acme, done, 'f', Readable.from([Buffer.from('x')])),
      ),
    );
    app.unwrap(await app.commands.execute(new CompleteUploadSessionCommand(acme, done)));
    const afterComplete = await app.commands.execute(new CancelUploadSessionCommand(acme, done));
    expect(E.isLeft(afterComplete) && afterComplete.left).toMatchObject({
      _tag: 'NotAllowedInCurrentState',
      state: 'DONE',
    });
  });

  it('does not find unknown sessions or those of another organization', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    for (const [context, id] of [
      [contextOf('other'), sessionId],
      [acme, '00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const result = await app.commands.execute(new CancelUploadSessionCommand(context, id));
      expect(E.isLeft(result) && result.left._tag).toBe('SessionNotFound');
    }
  });

  it('lets exactly one of concurrent cancels and completes win', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    app.unwrap(await app.commands.execute(new AddFileCommand(acme, sessionId, 'f', null, null)));
    app.unwrap(
      await app.commands.execute(
        new ReceiveFileContentCommand(acme, sessionId, 'f', Readable.from([Buffer.from('x')])),
      ),
    );
    const results = await Promise.all([
      app.commands.execute(new CancelUploadSessionCommand(acme, sessionId)),
      app.commands.execute(new CompleteUploadSessionCommand(acme, sessionId)),
      app.commands.execute(new CancelUploadSessionCommand(acme, sessionId)),
      app.commands.execute(new CompleteUploadSessionCommand(acme, sessionId)),
    ]);
    expect(results.filter(E.isRight)).toHaveLength(1);
    const terminal = (await app.events(`upload-session-${sessionId}`)).filter((e) =>
      ['UploadSessionCanceled', 'UploadSessionCompleted'].includes(e.type),
    );
    expect(terminal).toHaveLength(1);
  });
});
