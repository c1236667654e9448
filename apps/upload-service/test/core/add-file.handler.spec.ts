import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../application';
import { AddFileCommand } from '@upload-sessions/service-core/sessions/add-file/add-file.command';

describe('AddFileHandler', () => {
  let app: Application;
  const acme = contextOf('acme');
  beforeEach(async () => {
    app = await startApplication();
  });
  afterEach(async () => app.close());

  it('declares a file with its expected size and checksum, once', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    const checksum = { algorithm: 'SHA1' as const, value: 'a9993e364706816aba3e25717850c26c9cd0d89d' };
    const session = app.unwrap(
      await app.commands.execute(new AddFileCommand(acme, sessionId, 'abc.txt', 3, checksum)),
    );
    expect(session.files).toEqual([
      expect.objectContaining({
        name: 'abc.txt',
        declaredSize: 3,
        declaredChecksum: checksum,
        status: 'WAITING_FOR_TRANSFER',
      }),
    ]);
    const again = await app.commands.execute(new AddFileCommand(acme, sessionId, 'abc.txt', null, null));
    expect(E.isLeft(again) && again.left._tag).toBe('FileAlreadyExists');
    const foreign = await app.commands.execute(
      new AddFileCommand(contextOf('other'), sessionId, 'x', null, null),
    );
    expect(E.isLeft(foreign) && foreign.left._tag).toBe('SessionNotFound');
  });
});
