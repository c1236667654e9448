import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../application';
import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { GetUploadSessionQuery } from '@upload-sessions/read-side/session-queries/get-upload-session.query';
import { ListUploadSessionsQuery } from '@upload-sessions/dialect-vsphere/sessions/queries/list-upload-sessions.query';
import { DeleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/delete/delete-upload-session.command';

describe('DeleteUploadSessionHandler', () => {
  let app: Application;
  const acme = contextOf('acme');
  beforeEach(async () => {
    app = await startApplication();
  });
  afterEach(async () => app.close());

  it('refuses an ACTIVE session, deletes an ended one, which then is not found nor listed', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    const active = await app.commands.execute(new DeleteUploadSessionCommand(acme, sessionId));
    expect(E.isLeft(active) && active.left).toMatchObject({
      _tag: 'NotAllowedInCurrentState',
      state: 'ACTIVE',
    });
    app.unwrap(await app.commands.execute(new CancelUploadSessionCommand(acme, sessionId)));
    app.unwrap(await app.commands.execute(new DeleteUploadSessionCommand(acme, sessionId)));
    const get = await app.queries.execute(new GetUploadSessionQuery('acme', sessionId));
    expect(E.isLeft(get) && get.left._tag).toBe('SessionNotFound');
    const list = app.unwrap(
      await app.queries.execute(
        new ListUploadSessionsQuery({ username: 'alice', organizationId: 'acme' }, null),
      ),
    );
    expect(list).not.toContain(sessionId);
  });
});
