import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../application';
import { KeepAliveUploadSessionCommand } from '@upload-sessions/service-core/sessions/keep-alive/keep-alive-upload-session.command';

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

  it('queues concurrent keep-alives of this process on one session: none loses a race', async () => {
    await app.close();
    app = await startApplication({ COMMAND_RETRIES: '0' });
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        app.commands.execute(new KeepAliveUploadSessionCommand(acme, sessionId, null)),
      ),
    );
    expect(results.filter(E.isRight)).toHaveLength(4);
    expect((await app.events(`upload-session-${sessionId}`)).map((e) => e.type)).toEqual([
      'UploadSessionStarted',
      ...Array<string>(4).fill('UploadSessionKeptAlive'),
    ]);
  });

  it('answers Concurrency after losing every retry to a writer elsewhere', async () => {
    await app.close();
    app = await startApplication({ COMMAND_RETRIES: '1' });
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    app.unwrap(await app.commands.execute(new KeepAliveUploadSessionCommand(acme, sessionId, null)));
    const stream = `upload-session-${sessionId}`;
    const [, keptAlive] = await app.events(stream);
    // Another instance keeps the session alive between each of our decisions and our append (whether
    // the decision was made on a state read just now or on the one this process remembers).
    const appendToStream = app.store.appendToStream.bind(app.store);
    app.store.appendToStream = async (name, events, options) => {
      if (name === stream && keptAlive !== undefined && options.expectedRevision !== 'any') {
        await appendToStream(name, [{ ...keptAlive, id: crypto.randomUUID() }], { expectedRevision: 'any' });
      }
      return appendToStream(name, events, options);
    };
    const result = await app.commands.execute(new KeepAliveUploadSessionCommand(acme, sessionId, null));
    expect(E.isLeft(result) && result.left).toEqual({ _tag: 'Concurrency', streamName: stream, attempts: 2 });
  });
});
