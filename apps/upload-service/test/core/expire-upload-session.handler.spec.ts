import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../application';
import { systemContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import { AddFileCommand } from '@upload-sessions/service-core/sessions/add-file/add-file.command';
import { KeepAliveUploadSessionCommand } from '@upload-sessions/service-core/sessions/keep-alive/keep-alive-upload-session.command';
import { ReceiveFileContentCommand } from '@upload-sessions/service-core/sessions/receive-content/receive-file-content.command';
import { ExpireUploadSessionCommand } from '@upload-sessions/service-core/sessions/expire/expire-upload-session.command';
import { ExpirySweeper } from '@upload-sessions/service-core/sessions/expire/expiry-sweeper';

describe('ExpireUploadSessionHandler and the expiry sweep', () => {
  let app: Application;
  const acme = contextOf('acme');
  beforeEach(async () => {
    app = await startApplication({ SESSION_TIMEOUT_SECONDS: '300' });
  });
  afterEach(async () => app.close());

  it('refuses to expire a session before its expiration time, then cancels it (reason: expired)', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    const early = await app.commands.execute(
      new ExpireUploadSessionCommand(systemContext('session-expiry', 'acme'), sessionId),
    );
    expect(E.isLeft(early) && early.left._tag).toBe('NotExpired');
    app.advance(300_000);
    const session = app.unwrap(
      await app.commands.execute(
        new ExpireUploadSessionCommand(systemContext('session-expiry', 'acme'), sessionId),
      ),
    );
    expect([session.status, session.cancelReason]).toEqual(['CANCELED', 'expired']);
  });

  it('sweeps: expires idle ACTIVE sessions only, deletes their content, and honours keep-alives', async () => {
    const idle = await app.startSession(acme, await app.createItem(acme));
    const kept = await app.startSession(acme, await app.createItem(acme));
    app.unwrap(await app.commands.execute(new AddFileCommand(acme, idle, 'a', null, null)));
    app.unwrap(
      await app.commands.execute(
        new ReceiveFileContentCommand(acme, idle, 'a', Readable.from([Buffer.from('x')])),
      ),
    );
    const sweeper = app.moduleRef.get(ExpirySweeper);

    expect(await sweeper.sweep()).toEqual([]);
    app.advance(200_000);
    app.unwrap(await app.commands.execute(new KeepAliveUploadSessionCommand(acme, kept, null)));
    app.advance(150_000);
    expect(await sweeper.sweep()).toEqual([idle]);
    expect(existsSync(path.join(app.contentDir, 'tmp', idle))).toBe(false);
    const canceled = (await app.events(`upload-session-${idle}`)).at(-1);
    expect(canceled?.metadata['actor']).toEqual({ id: 'session-expiry', kind: 'system' });
    app.advance(200_000);
    expect(await sweeper.sweep()).toEqual([kept]);
    expect(await sweeper.sweep()).toEqual([]);
  });
});
