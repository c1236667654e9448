import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../application';
import { GetLibraryItemQuery } from '@upload-sessions/dialect-vsphere/library/queries/library-queries';
import { AddFileCommand } from '@upload-sessions/service-core/sessions/add-file/add-file.command';
import { TemporaryContentSweep } from '@upload-sessions/read-side/clean-up/temporary-content-sweep';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import { ReceiveFileContentCommand } from '@upload-sessions/service-core/sessions/receive-content/receive-file-content.command';
import { CompleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/complete/complete-upload-session.command';

describe('CompleteUploadSessionHandler', () => {
  let app: Application;
  const acme = contextOf('acme');
  beforeEach(async () => {
    app = await startApplication();
  });
  afterEach(async () => app.close());

  const receive = async (sessionId: string, name: string, data: string) =>
    app.unwrap(
      await app.commands.execute(
        new ReceiveFileContentCommand(acme, sessionId, name, Readable.from([Buffer.from(data)])),
      ),
    );

  it("completes the session and makes its files the item's next content version", async () => {
    const itemId = await app.createItem(acme);
    const sessionId = await app.startSession(acme, itemId);
    app.unwrap(await app.commands.execute(new AddFileCommand(acme, sessionId, 'a.txt', 5, null)));
    await receive(sessionId, 'a.txt', 'hello');
    const session = app.unwrap(await app.commands.execute(new CompleteUploadSessionCommand(acme, sessionId)));
    expect(session.status).toBe('DONE');
    const item = app.unwrap(await app.queries.execute(new GetLibraryItemQuery('acme', itemId)));
    expect(item.contentVersion).toBe(2);
    expect(item.files.map((f) => [f.name, f.size])).toEqual([['a.txt', 5]]);
    expect(readFileSync(path.join(app.contentDir, 'items', itemId, 'v2', 'a.txt'), 'utf8')).toBe('hello');
    expect(existsSync(path.join(app.contentDir, 'tmp', sessionId))).toBe(false);
    const commit = (await app.events(`library-item-${itemId}`)).find(
      (e) => e.type === 'LibraryItemContentCommitted',
    );
    expect(commit?.metadata).toMatchObject({ correlationId: 'corr-1', actor: { id: 'alice', kind: 'user' } });
  });

  it('refuses while a file is missing or invalid, and with no files', async () => {
    const empty = await app.startSession(acme, await app.createItem(acme));
    const none = await app.commands.execute(new CompleteUploadSessionCommand(acme, empty));
    expect(E.isLeft(none) && none.left._tag).toBe('NoContent');

    const sessionId = await app.startSession(acme, await app.createItem(acme));
    app.unwrap(await app.commands.execute(new AddFileCommand(acme, sessionId, 'a', 3, null)));
    const missing = await app.commands.execute(new CompleteUploadSessionCommand(acme, sessionId));
    expect(E.isLeft(missing) && missing.left).toMatchObject({ _tag: 'ContentMissing', names: ['a'] });
    await receive(sessionId, 'a', 'ab');
    const invalid = await app.commands.execute(new CompleteUploadSessionCommand(acme, sessionId));
    expect(E.isLeft(invalid) && invalid.left._tag).toBe('ContentInvalid');
  });

  it('commits content a crash left staged when the clean-up sweep runs', async () => {
    const itemId = await app.createItem(acme);
    const sessionId = await app.startSession(acme, itemId);
    app.unwrap(await app.commands.execute(new AddFileCommand(acme, sessionId, 'a', null, null)));
    await receive(sessionId, 'a', 'abc');
    // Complete recorded, but the service died before the item's commit: append the event only.
    app.unwrap(
      await app.moduleRef.get(SessionRunner).execute(sessionId, acme, 'CompleteUploadSession', () => ({
        type: 'CompleteUploadSession',
        parts: null,
        now: app.now().toISOString(),
      })),
    );
    expect(
      app.unwrap(await app.queries.execute(new GetLibraryItemQuery('acme', itemId))).contentVersion,
    ).toBe(1);
    await app.moduleRef.get(TemporaryContentSweep).sweep();
    expect(
      app.unwrap(await app.queries.execute(new GetLibraryItemQuery('acme', itemId))).contentVersion,
    ).toBe(2);
    expect(readFileSync(path.join(app.contentDir, 'items', itemId, 'v2', 'a'), 'utf8')).toBe('abc');
  });
});
