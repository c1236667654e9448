import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../application';
import { LibraryStreams } from '@upload-sessions/dialect-vsphere/library/library-streams';
import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { GetUploadSessionQuery } from '@upload-sessions/read-side/session-queries/get-upload-session.query';
import { StartUploadSessionCommand } from '@upload-sessions/dialect-vsphere/sessions/start/start-upload-session.command';

describe('StartUploadSessionHandler', () => {
  let app: Application;
  const acme = contextOf('acme');
  beforeEach(async () => {
    app = await startApplication();
  });
  afterEach(async () => app.close());

  it('starts an ACTIVE session on the item at its content version, expiring one timeout from now', async () => {
    const itemId = await app.createItem(acme);
    const result = await app.commands.execute(new StartUploadSessionCommand(acme, itemId, null, []));
    const { sessionId, created } = app.unwrap(result);
    expect(created).toBe(true);
    const { session } = app.unwrap(await app.queries.execute(new GetUploadSessionQuery('acme', sessionId)));
    expect(session).toMatchObject({
      status: 'ACTIVE',
      organizationId: 'acme',
      target: { kind: 'library-item', libraryItemId: itemId, contentVersion: '1' },
      expiresAt: new Date(app.now().getTime() + 300_000).toISOString(),
    });
    const [started] = await app.events(`upload-session-${sessionId}`);
    expect(started?.metadata).toMatchObject({
      actor: { id: 'alice', kind: 'user' },
      organizationId: 'acme',
      correlationId: 'corr-1',
      causationId: 'request-1',
    });
  });

  it('answers the same session for a retried create with the same client token', async () => {
    const itemId = await app.createItem(acme);
    const first = app.unwrap(
      await app.commands.execute(new StartUploadSessionCommand(acme, itemId, 'token-1', [])),
    );
    const again = app.unwrap(
      await app.commands.execute(new StartUploadSessionCommand(acme, itemId, 'token-1', [])),
    );
    expect(again).toEqual({ sessionId: first.sessionId, created: false });
    const otherItem = await app.createItem(acme);
    const misuse = await app.commands.execute(new StartUploadSessionCommand(acme, otherItem, 'token-1', []));
    expect(E.isLeft(misuse) && misuse.left._tag).toBe('InvalidRequest');
  });

  it('refuses a second session while the first is ACTIVE, and allows one once it ended', async () => {
    const itemId = await app.createItem(acme);
    const first = await app.startSession(acme, itemId);
    const busy = await app.commands.execute(new StartUploadSessionCommand(acme, itemId, null, []));
    expect(busy).toEqual(E.left({ _tag: 'ResourceBusy', libraryItemId: itemId, sessionId: first }));
    app.unwrap(await app.commands.execute(new CancelUploadSessionCommand(acme, first)));
    expect(E.isRight(await app.commands.execute(new StartUploadSessionCommand(acme, itemId, null, [])))).toBe(
      true,
    );
  });

  it('expires a holder past its expiration time on the spot', async () => {
    const itemId = await app.createItem(acme);
    const first = await app.startSession(acme, itemId);
    app.advance(301_000);
    expect(E.isRight(await app.commands.execute(new StartUploadSessionCommand(acme, itemId, null, [])))).toBe(
      true,
    );
    const { session } = app.unwrap(await app.queries.execute(new GetUploadSessionQuery('acme', first)));
    expect([session.status, session.cancelReason]).toEqual(['CANCELED', 'expired']);
  });

  it('lets only one of two concurrent creates claim the item', async () => {
    const itemId = await app.createItem(acme);
    const results = await Promise.all(
      [1, 2, 3].map(() => app.commands.execute(new StartUploadSessionCommand(acme, itemId, null, []))),
    );
    expect(results.filter(E.isRight)).toHaveLength(1);
    expect(results.filter(E.isLeft).map((r) => E.isLeft(r) && r.left._tag)).toEqual([
      'ResourceBusy',
      'ResourceBusy',
    ]);
  });

  it('holds a claim whose session is not written yet, until a session timeout has passed', async () => {
    const itemId = await app.createItem(acme);
    // As if a create had died between claiming the item and starting its session.
    const claimed = await app.moduleRef.get(LibraryStreams).changeItem(itemId, acme, () =>
      E.right({
        type: 'ClaimLibraryItem',
        sessionId: randomUUID(),
        claimIsFree: true,
        now: app.now().toISOString(),
      }),
    );
    expect(E.isRight(claimed)).toBe(true);
    const busy = await app.commands.execute(new StartUploadSessionCommand(acme, itemId, null, []));
    expect(E.isLeft(busy) && busy.left._tag).toBe('ResourceBusy');
    app.advance(301_000);
    expect(E.isRight(await app.commands.execute(new StartUploadSessionCommand(acme, itemId, null, [])))).toBe(
      true,
    );
  });

  it("does not find another organization's item", async () => {
    const itemId = await app.createItem(acme);
    const result = await app.commands.execute(
      new StartUploadSessionCommand(contextOf('other'), itemId, null, []),
    );
    expect(result).toEqual(E.left({ _tag: 'LibraryItemNotFound', libraryItemId: itemId }));
  });
});
