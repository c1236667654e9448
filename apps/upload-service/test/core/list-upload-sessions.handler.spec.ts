import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../application';
import { GetUploadSessionQuery } from '@upload-sessions/read-side/session-queries/get-upload-session.query';
import { ListUploadSessionsQuery } from '@upload-sessions/dialect-vsphere/sessions/queries/list-upload-sessions.query';

describe('session queries', () => {
  let app: Application;
  beforeEach(async () => {
    app = await startApplication();
  });
  afterEach(async () => app.close());

  it("lists the caller's own sessions, optionally of one item; another user's or organization's are left out", async () => {
    const alice = contextOf('acme', 'alice');
    const carol = contextOf('acme', 'carol');
    const itemA = await app.createItem(alice);
    const itemB = await app.createItem(alice);
    const a = await app.startSession(alice, itemA);
    const b = await app.startSession(alice, itemB);
    const c = await app.startSession(carol, await app.createItem(carol));
    await app.startSession(contextOf('other', 'alice'), await app.createItem(contextOf('other', 'alice')));

    const all = app.unwrap(
      await app.queries.execute(
        new ListUploadSessionsQuery({ username: 'alice', organizationId: 'acme' }, null),
      ),
    );
    expect([...all].sort()).toEqual([a, b].sort());
    const ofA = app.unwrap(
      await app.queries.execute(
        new ListUploadSessionsQuery({ username: 'alice', organizationId: 'acme' }, itemA),
      ),
    );
    expect(ofA).toEqual([a]);
    expect(
      app.unwrap(
        await app.queries.execute(
          new ListUploadSessionsQuery({ username: 'carol', organizationId: 'acme' }, null),
        ),
      ),
    ).toEqual([c]);
    const unknownItem = await app.queries.execute(
      new ListUploadSessionsQuery(
        { username: 'alice', organizationId: 'acme' },
        '00000000-0000-4000-8000-000000000000',
      ),
    );
    expect(E.isLeft(unknownItem) && unknownItem.left._tag).toBe('LibraryItemNotFound');
  });

  it('gets a session of the organization only', async () => {
    const alice = contextOf('acme');
    const sessionId = await app.startSession(alice, await app.createItem(alice));
    expect(
      app.unwrap(await app.queries.execute(new GetUploadSessionQuery('acme', sessionId))).session.sessionId,
    ).toBe(sessionId);
    const foreign = await app.queries.execute(new GetUploadSessionQuery('other', sessionId));
    expect(E.isLeft(foreign) && foreign.left._tag).toBe('SessionNotFound');
  });
});
