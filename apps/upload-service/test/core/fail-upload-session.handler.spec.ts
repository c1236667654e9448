import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../application';
import { AddFileCommand } from '@upload-sessions/service-core/sessions/add-file/add-file.command';
import { ReceiveFileContentCommand } from '@upload-sessions/service-core/sessions/receive-content/receive-file-content.command';
import { FailUploadSessionCommand } from '@upload-sessions/service-core/sessions/fail/fail-upload-session.command';

describe('FailUploadSessionHandler', () => {
  let app: Application;
  const acme = contextOf('acme');
  beforeEach(async () => {
    app = await startApplication();
  });
  afterEach(async () => app.close());

  it("fails the session with the client's message and deletes its bytes", async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    app.unwrap(await app.commands.execute(new AddFileCommand(acme, sessionId, 'a', null, null)));
    app.unwrap(
      await app.commands.execute(
        new ReceiveFileContentCommand(acme, sessionId, 'a', Readable.from([Buffer.from('x')])),
      ),
    );
    const session = app.unwrap(
      await app.commands.execute(new FailUploadSessionCommand(acme, sessionId, 'disk full')),
    );
    expect([session.status, session.errorMessage]).toEqual(['ERROR', 'disk full']);
    expect(existsSync(path.join(app.contentDir, 'tmp', sessionId))).toBe(false);
    const again = await app.commands.execute(new FailUploadSessionCommand(acme, sessionId, 'again'));
    expect(E.isLeft(again) && again.left).toMatchObject({ _tag: 'NotAllowedInCurrentState', state: 'ERROR' });
  });
});
