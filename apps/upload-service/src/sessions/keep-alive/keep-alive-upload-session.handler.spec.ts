import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../../../test/application';
import { KeepAliveUploadSessionCommand } from './keep-alive-upload-session.command';

describe('KeepAliveUploadSessionHandler', () => {
  let app: Application;
  const acme = contextOf('acme');
  beforeEach(async () => {
    app = await startApplication({ SESSION_TIMEOUT_SECONDS: '60' });
  });
  afterEach(async () => app.close());

  it('moves the expiration one timeout past now and records progress, which may only grow', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    app.advance(30_000);
    const session = app.unwrap(
      await app.commands.execute(new KeepAliveUploadSessionCommand(acme, sessionId, 25)),
    );
    expect(session.expiresAt).toBe(new Date(app.now().getTime() + 60_000).toISOString());
    expect(session.clientProgress).toBe(25);
    const keepsProgress = app.unwrap(
      await app.commands.execute(new KeepAliveUploadSessionCommand(acme, sessionId, null)),
    );
    expect(keepsProgress.clientProgress).toBe(25);
    const lower = await app.commands.execute(new KeepAliveUploadSessionCommand(acme, sessionId, 10));
    expect(E.isLeft(lower) && lower.left).toMatchObject({
      _tag: 'ProgressDecreased',
      current: 25,
      requested: 10,
    });
  });

  it('answers Concurrency after losing every retry', async () => {
    await app.close();
    app = await startApplication({ COMMAND_RETRIES: '0' });
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        app.commands.execute(new KeepAliveUploadSessionCommand(acme, sessionId, null)),
      ),
    );
    expect(results.filter(E.isRight)).toHaveLength(1);
    for (const result of results.filter(E.isLeft))
      expect(E.isLeft(result) && result.left._tag).toBe('Concurrency');
  });
});
