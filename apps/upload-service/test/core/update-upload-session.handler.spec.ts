import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../application';
import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { UpdateUploadSessionCommand } from '@upload-sessions/service-core/sessions/update/update-upload-session.command';

describe('UpdateUploadSessionHandler', () => {
  let app: Application;
  const acme = contextOf('acme');
  beforeEach(async () => {
    app = await startApplication();
  });
  afterEach(async () => app.close());

  it('replaces the warning behavior of an ACTIVE session only', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    const behavior = [{ type: 'EXPIRED_CERTIFICATE', ignored: true }];
    const session = app.unwrap(
      await app.commands.execute(new UpdateUploadSessionCommand(acme, sessionId, behavior)),
    );
    expect(session.warningBehavior).toEqual(behavior);
    const twice = await app.commands.execute(
      new UpdateUploadSessionCommand(acme, sessionId, [...behavior, ...behavior]),
    );
    expect(E.isLeft(twice) && twice.left._tag).toBe('InvalidArgument');
    app.unwrap(await app.commands.execute(new CancelUploadSessionCommand(acme, sessionId)));
    const ended = await app.commands.execute(new UpdateUploadSessionCommand(acme, sessionId, []));
    expect(E.isLeft(ended) && ended.left._tag).toBe('NotAllowedInCurrentState');
  });
});
