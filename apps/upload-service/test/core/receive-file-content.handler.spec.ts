import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../application';
import { AddFileCommand } from '@upload-sessions/service-core/sessions/add-file/add-file.command';
import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { ReceiveFileContentCommand } from '@upload-sessions/service-core/sessions/receive-content/receive-file-content.command';

const sha = (algorithm: string, data: string) => createHash(algorithm).update(data).digest('hex');

describe('ReceiveFileContentHandler', () => {
  let app: Application;
  const acme = contextOf('acme');
  beforeEach(async () => {
    app = await startApplication();
  });
  afterEach(async () => app.close());

  it('records streamed bytes with the declared algorithm; the file is READY when they match', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    const checksum = { algorithm: 'MD5' as const, value: sha('md5', 'hello') };
    app.unwrap(await app.commands.execute(new AddFileCommand(acme, sessionId, 'h.txt', 5, checksum)));
    const received = app.unwrap(
      await app.commands.execute(
        new ReceiveFileContentCommand(
          acme,
          sessionId,
          'h.txt',
          Readable.from([Buffer.from('hel'), Buffer.from('lo')]),
        ),
      ),
    );
    expect(received.etag).toBe(`"${sha('sha256', 'hello')}"`);
    expect(received.file).toMatchObject({ status: 'READY', received: { size: 5, checksum } });
  });

  it('records mismatching bytes as an ERROR file', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    app.unwrap(
      await app.commands.execute(
        new AddFileCommand(acme, sessionId, 'f', null, { algorithm: 'SHA1', value: sha('sha1', 'good') }),
      ),
    );
    const received = app.unwrap(
      await app.commands.execute(
        new ReceiveFileContentCommand(acme, sessionId, 'f', Readable.from([Buffer.from('bad!')])),
      ),
    );
    expect(received.file.status).toBe('ERROR');
    expect(received.file.errorMessage).toMatch(/checksum mismatch/);
  });

  it('refuses bytes for unknown files and ended sessions, keeping nothing', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    const unknown = await app.commands.execute(
      new ReceiveFileContentCommand(acme, sessionId, 'nope', Readable.from([Buffer.from('x')])),
    );
    expect(E.isLeft(unknown) && unknown.left._tag).toBe('FileNotFound');
    app.unwrap(await app.commands.execute(new AddFileCommand(acme, sessionId, 'f', null, null)));
    app.unwrap(await app.commands.execute(new CancelUploadSessionCommand(acme, sessionId)));
    const ended = await app.commands.execute(
      new ReceiveFileContentCommand(acme, sessionId, 'f', Readable.from([Buffer.from('x')])),
    );
    expect(E.isLeft(ended) && ended.left._tag).toBe('NotAllowedInCurrentState');
    expect(existsSync(path.join(app.contentDir, 'tmp', sessionId))).toBe(false);
  });

  it('is aborted by a cancel while bytes arrive, deleting what was written', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    app.unwrap(await app.commands.execute(new AddFileCommand(acme, sessionId, 'big', null, null)));
    const source = new PassThrough();
    const pending = app.commands.execute(new ReceiveFileContentCommand(acme, sessionId, 'big', source));
    source.write(Buffer.alloc(64 * 1024));
    const dir = path.join(app.contentDir, 'tmp', sessionId);
    for (let i = 0; i < 200 && !(existsSync(dir) && readdirSync(dir).length === 1); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(readdirSync(dir)).toHaveLength(1);
    app.unwrap(await app.commands.execute(new CancelUploadSessionCommand(acme, sessionId)));
    const result = await pending;
    expect(E.isLeft(result) && result.left._tag).toBe('TransferAborted');
    expect(existsSync(path.join(app.contentDir, 'tmp', sessionId))).toBe(false);
  });

  it('refuses a second transfer of the same file while one is in flight', async () => {
    const sessionId = await app.startSession(acme, await app.createItem(acme));
    app.unwrap(await app.commands.execute(new AddFileCommand(acme, sessionId, 'f', null, null)));
    const source = new PassThrough();
    const first = app.commands.execute(new ReceiveFileContentCommand(acme, sessionId, 'f', source));
    const second = await app.commands.execute(
      new ReceiveFileContentCommand(acme, sessionId, 'f', Readable.from([Buffer.from('x')])),
    );
    expect(second).toEqual(E.left({ _tag: 'TransferInProgress', sessionId, fileName: 'f' }));
    source.end(Buffer.from('done'));
    expect(E.isRight(await first)).toBe(true);
  });
});
