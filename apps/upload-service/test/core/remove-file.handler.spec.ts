import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../application';
import { TransferRegistry } from '@upload-sessions/service-core/content/transfer-registry';
import { AddFileCommand } from '@upload-sessions/service-core/sessions/add-file/add-file.command';
import { ReceiveFileContentCommand } from '@upload-sessions/service-core/sessions/receive-content/receive-file-content.command';
import { RemoveFileCommand } from '@upload-sessions/service-core/sessions/remove-file/remove-file.command';

describe('RemoveFileHandler', () => {
  let app: Application;
  const acme = contextOf('acme');
  beforeEach(async () => {
    app = await startApplication();
  });
  afterEach(async () => app.close());

  it('removes the file, its bytes and its transfer in flight; other files stay', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    for (const name of ['a', 'b']) {
      app.unwrap(await app.commands.execute(new AddFileCommand(acme, sessionId, name, null, null)));
      app.unwrap(
        await app.commands.execute(
          new ReceiveFileContentCommand(acme, sessionId, name, Readable.from([Buffer.from(name)])),
        ),
      );
    }
    const reupload = app.moduleRef.get(TransferRegistry).begin(sessionId, 'a');
    const session = app.unwrap(await app.commands.execute(new RemoveFileCommand(acme, sessionId, 'a')));
    expect(session.files.map((f) => f.name)).toEqual(['b']);
    expect(reupload?.signal.aborted).toBe(true);
    expect(existsSync(path.join(app.contentDir, 'tmp', sessionId, 'a'))).toBe(false);
    expect(existsSync(path.join(app.contentDir, 'tmp', sessionId, 'b'))).toBe(true);
    const missing = await app.commands.execute(new RemoveFileCommand(acme, sessionId, 'a'));
    expect(E.isLeft(missing) && missing.left._tag).toBe('FileNotFound');
  });
});
