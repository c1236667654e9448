import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import * as E from 'fp-ts/Either';
import { type DiskSync, durableDiskSync } from './disk-sync';
import { FsContentStore } from './fs-content-store';

const setup = () => {
  const root = mkdtempSync(path.join(tmpdir(), 'content-'));
  return { root, store: new FsContentStore(root), sessionId: randomUUID() };
};

const sha = (algorithm: string, data: Buffer | string) => createHash(algorithm).update(data).digest('hex');

describe('FsContentStore', () => {
  it('stages a streamed file with its size and digests', async () => {
    const { root, store, sessionId } = setup();
    const body = Buffer.alloc(300_000, 7);
    const progress: number[] = [];
    const result = await store.receive({
      sessionId,
      fileName: 'disk-0.vmdk',
      source: Readable.from([body.subarray(0, 100_000), body.subarray(100_000)]),
      signal: new AbortController().signal,
      maxBytes: 1_000_000,
      algorithms: ['SHA1', 'SHA256'],
      onProgress: (bytes) => progress.push(bytes),
    });
    expect(result).toEqual(
      E.right({ size: 300_000, digests: { SHA1: sha('sha1', body), SHA256: sha('sha256', body) } }),
    );
    expect(progress[progress.length - 1]).toBe(300_000);
    // Set aside until its content is recorded; then placed, once.
    expect(existsSync(path.join(root, 'tmp', sessionId, 'disk-0.vmdk'))).toBe(false);
    expect(await store.place(sessionId, 'disk-0.vmdk', sha('sha256', body))).toEqual(E.right(true));
    expect(await store.place(sessionId, 'disk-0.vmdk', sha('sha256', body))).toEqual(E.right(false));
    expect(readFileSync(path.join(root, 'tmp', sessionId, 'disk-0.vmdk'))).toEqual(body);
    expect(readdirSync(path.join(root, 'tmp', sessionId))).toEqual(['disk-0.vmdk']);
  });

  it('writes a body of many chunks whole and in order, across batched writes and back-pressure', async () => {
    const { root, store, sessionId } = setup();
    // 20 MiB in 64 KiB chunks, each different: more than a write's batch and than the bytes the store
    // lets wait for the disk before it pauses the body.
    const chunks = Array.from({ length: 320 }, (_, i) => Buffer.alloc(64 * 1024, i % 251));
    const body = Buffer.concat(chunks);
    const result = await store.receive({
      sessionId,
      fileName: 'many.bin',
      source: Readable.from(chunks),
      signal: new AbortController().signal,
      maxBytes: body.length,
      algorithms: ['MD5'],
    });
    expect(result).toEqual(
      E.right({ size: body.length, digests: { MD5: sha('md5', body), SHA256: sha('sha256', body) } }),
    );
    expect(await store.place(sessionId, 'many.bin', sha('sha256', body))).toEqual(E.right(true));
    expect(readFileSync(path.join(root, 'tmp', sessionId, 'many.bin')).equals(body)).toBe(true);
  });

  it('reports a body whose client is already gone as an aborted transfer', async () => {
    const { root, store, sessionId } = setup();
    const source = new PassThrough();
    source.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    const result = await store.receive({
      sessionId,
      fileName: 'f',
      source,
      signal: new AbortController().signal,
      maxBytes: 1000,
      algorithms: [],
    });
    expect(E.isLeft(result) && result.left._tag).toBe('TransferAborted');
    expect(readdirSync(path.join(root, 'tmp', sessionId))).toEqual([]);
  });

  it('deletes the partial bytes of an aborted transfer and leaves the source usable', async () => {
    const { root, store, sessionId } = setup();
    const source = new PassThrough();
    const controller = new AbortController();
    const pending = store.receive({
      sessionId,
      fileName: 'big.iso',
      source,
      signal: controller.signal,
      maxBytes: 10_000_000,
      algorithms: ['SHA256'],
      onProgress: (bytes) => {
        if (bytes >= 50_000) controller.abort(new Error('canceled by the client'));
      },
    });
    source.write(Buffer.alloc(64_000, 1));
    const result = await pending;
    expect(result).toEqual(E.left({ _tag: 'TransferAborted', reason: 'canceled by the client' }));
    expect(source.destroyed).toBe(false);
    expect(readdirSync(path.join(root, 'tmp', sessionId))).toEqual([]);
  });

  it('reports a full disk mid-transfer as StorageFailed (not a client abort) and deletes the partial bytes', async () => {
    const { root, store, sessionId } = setup();
    // The disk fills after the first chunk: the second write of the file fails, as write(2) would.
    const probe = await open(path.join(root, 'probe'), 'w');
    const fileHandle = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const original = fileHandle.write;
    let writes = 0;
    const spy = jest.spyOn(fileHandle, 'write').mockImplementation(function (this: FileHandle, ...args) {
      writes += 1;
      if (writes === 2)
        return Promise.reject(
          Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC',
            syscall: 'write',
          }),
        );
      return (original as (...a: unknown[]) => Promise<unknown>).apply(this, args) as never;
    });
    try {
      const source = new PassThrough();
      const pending = store.receive({
        sessionId,
        fileName: 'big.iso',
        source,
        signal: new AbortController().signal,
        maxBytes: 10_000_000,
        algorithms: ['SHA256'],
      });
      source.write(Buffer.alloc(64_000, 1));
      source.write(Buffer.alloc(64_000, 2));
      const result = await pending;
      expect(result).toEqual(
        E.left({ _tag: 'StorageFailed', message: 'ENOSPC: no space left on device, write' }),
      );
      expect(source.destroyed).toBe(false);
      expect(readdirSync(path.join(root, 'tmp', sessionId))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('reports an unwritable staging folder as StorageFailed', async () => {
    const { root, store, sessionId } = setup();
    writeFileSync(path.join(root, 'tmp'), 'a file where the staging folder should be');
    const source = new PassThrough();
    const pending = store.receive({
      sessionId,
      fileName: 'a.iso',
      source,
      signal: new AbortController().signal,
      maxBytes: 1000,
      algorithms: ['SHA256'],
    });
    source.write('bytes');
    const result = await pending;
    expect(E.isLeft(result) && result.left._tag).toBe('StorageFailed');
  });

  it('keeps the recorded bytes of a file until new ones are placed; discards new ones never recorded', async () => {
    const { root, store, sessionId } = setup();
    const receive = (text: string) =>
      store.receive({
        sessionId,
        fileName: 'a.bin',
        source: Readable.from([Buffer.from(text)]),
        signal: new AbortController().signal,
        maxBytes: 100,
        algorithms: ['MD5'],
      });
    const file = path.join(root, 'tmp', sessionId, 'a.bin');
    expect(E.isRight(await receive('first'))).toBe(true);
    await store.place(sessionId, 'a.bin', sha('sha256', 'first'));
    // A second upload whose recording fails (store unavailable, session ended): the first bytes stay.
    const second = await receive('second');
    expect(E.isRight(second) && second.right.digests.SHA256).toBe(sha('sha256', 'second'));
    expect(readFileSync(file, 'utf8')).toBe('first');
    await store.discardReceived(sessionId, 'a.bin', sha('sha256', 'second'));
    expect(readdirSync(path.join(root, 'tmp', sessionId))).toEqual(['a.bin']);
    // A third one recorded: placed over the first.
    await receive('third');
    expect(await store.place(sessionId, 'a.bin', sha('sha256', 'third'))).toEqual(E.right(true));
    expect(readFileSync(file, 'utf8')).toBe('third');
    // Set-aside bytes nobody placed are swept once stale; the file itself never is.
    await receive('fourth');
    expect(await store.discardStalePartialFiles(sessionId, new Date(Date.now() + 60_000))).toBe(1);
    expect(readdirSync(path.join(root, 'tmp', sessionId))).toEqual(['a.bin']);
  });

  it('stops a body larger than the limit', async () => {
    const { root, store, sessionId } = setup();
    const result = await store.receive({
      sessionId,
      fileName: 'f',
      source: Readable.from([Buffer.alloc(10), Buffer.alloc(10)]),
      signal: new AbortController().signal,
      maxBytes: 15,
      algorithms: [],
    });
    expect(result).toEqual(E.left({ _tag: 'ContentTooLarge', limit: 15 }));
    expect(readdirSync(path.join(root, 'tmp', sessionId))).toEqual([]);
  });

  it('reports a client that goes away mid-body as an aborted transfer', async () => {
    const { root, store, sessionId } = setup();
    const source = new PassThrough();
    const pending = store.receive({
      sessionId,
      fileName: 'f',
      source,
      signal: new AbortController().signal,
      maxBytes: 1000,
      algorithms: [],
    });
    source.write(Buffer.alloc(10));
    setImmediate(() => source.destroy());
    const result = await pending;
    expect(E.isLeft(result) && result.left._tag).toBe('TransferAborted');
    expect(readdirSync(path.join(root, 'tmp', sessionId))).toEqual([]);
  });

  it('commits staged files as a content version, idempotently, and discards sessions', async () => {
    const { root, store, sessionId } = setup();
    const itemId = randomUUID();
    await store.receive({
      sessionId,
      fileName: 'a.txt',
      source: Readable.from([Buffer.from('hello')]),
      signal: new AbortController().signal,
      maxBytes: 100,
      algorithms: [],
    });
    expect(await store.place(sessionId, 'a.txt', sha('sha256', 'hello'))).toEqual(E.right(true));
    expect(await store.stagedSessions()).toEqual([sessionId]);
    expect(await store.commit(sessionId, itemId, 2)).toEqual(E.right(undefined));
    expect(await store.commit(sessionId, itemId, 2)).toEqual(E.right(undefined));
    expect(readFileSync(path.join(root, 'items', itemId, 'v2', 'a.txt'), 'utf8')).toBe('hello');
    expect(await store.hasVersion(itemId, 2)).toBe(true);
    expect(await store.stagedSessions()).toEqual([]);

    const other = randomUUID();
    expect(await store.commit(other, itemId, 3)).toEqual(E.right(undefined));
    expect(readdirSync(path.join(root, 'items', itemId, 'v3'))).toEqual([]);

    await store.receive({
      sessionId: other,
      fileName: 'b.txt',
      source: Readable.from([Buffer.from('x')]),
      signal: new AbortController().signal,
      maxBytes: 100,
      algorithms: [],
    });
    await store.discardSession(other);
    expect(existsSync(path.join(root, 'tmp', other))).toBe(false);
  });

  it('discards a session folder whether it is missing, empty or full (and a file in its place)', async () => {
    const { root, store, sessionId } = setup();
    await expect(store.discardSession(sessionId)).resolves.toBeUndefined();
    mkdirSync(path.join(root, 'tmp', sessionId), { recursive: true });
    await store.discardSession(sessionId);
    expect(existsSync(path.join(root, 'tmp', sessionId))).toBe(false);
    mkdirSync(path.join(root, 'tmp', sessionId, 'nested'), { recursive: true });
    writeFileSync(path.join(root, 'tmp', sessionId, 'nested', 'a.txt'), 'a');
    await store.discardSession(sessionId);
    expect(existsSync(path.join(root, 'tmp', sessionId))).toBe(false);
    writeFileSync(path.join(root, 'tmp', sessionId), 'not a folder');
    await store.discardSession(sessionId);
    expect(existsSync(path.join(root, 'tmp', sessionId))).toBe(false);
  });

  it('discards every content version of a deleted item, idempotently', async () => {
    const { root, store, sessionId } = setup();
    const itemId = randomUUID();
    await store.receive({
      sessionId,
      fileName: 'part-00001',
      source: Readable.from([Buffer.from('bytes')]),
      signal: new AbortController().signal,
      maxBytes: 100,
      algorithms: [],
    });
    expect(await store.place(sessionId, 'part-00001', sha('sha256', 'bytes'))).toEqual(E.right(true));
    expect(await store.commit(sessionId, itemId, 1)).toEqual(E.right(undefined));
    expect(await store.hasVersion(itemId, 1)).toBe(true);
    await store.discardItem(itemId);
    await store.discardItem(itemId);
    expect(await store.hasVersion(itemId, 1)).toBe(false);
    expect(existsSync(path.join(root, 'items', itemId))).toBe(false);
    await expect(store.discardItem('../items')).rejects.toThrow(/unsafe id/);
  });

  it('refuses ids and names that could leave the content directory', async () => {
    const { store, sessionId } = setup();
    await expect(store.discardSession('../../etc')).rejects.toThrow(/unsafe id/);
    await expect(store.discardFile(sessionId, '../x')).rejects.toThrow(/unsafe file name/);
    await expect(store.commit(sessionId, '..', 1)).rejects.toThrow(/unsafe id/);
  });
  it('syncs the bytes before they are named, and each folder after a name lands in it, before answering', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'content-'));
    const sessionId = randomUUID();
    const itemId = randomUUID();
    const calls: string[] = [];
    const staged = (): string[] =>
      readdirSync(path.join(root, 'tmp', sessionId)).map((n) => n.split('-')[0]!);
    // Records what was on disk at each sync, and still syncs for real.
    const recording: DiskSync = {
      file: async (handle) => {
        calls.push(`file ${(await handle.stat()).size} bytes, staged: ${staged().join(',')}`);
        await durableDiskSync.file(handle);
      },
      directory: async (dir) => {
        calls.push(`directory ${path.relative(root, dir)}: ${readdirSync(dir).length} entries`);
        await durableDiskSync.directory(dir);
      },
    };
    const store = new FsContentStore(root, undefined, recording);
    const body = Buffer.alloc(200_000, 3);
    const received = await store.receive({
      sessionId,
      fileName: 'a.iso',
      source: Readable.from([body]),
      signal: new AbortController().signal,
      maxBytes: 1_000_000,
      algorithms: ['SHA256'],
    });
    expect(E.isRight(received)).toBe(true);
    expect(calls).toEqual([
      // All the bytes, still under their incoming name.
      'file 200000 bytes, staged: .incoming',
      `directory tmp/${sessionId}: 1 entries`,
    ]);
    expect(staged()).toEqual(['.received']);
    calls.length = 0;
    expect(await store.place(sessionId, 'a.iso', sha('sha256', body))).toEqual(E.right(true));
    expect(calls).toEqual([`directory tmp/${sessionId}: 1 entries`]);
    calls.length = 0;
    expect(await store.commit(sessionId, itemId, 1)).toEqual(E.right(undefined));
    expect(calls).toEqual([`directory items/${itemId}: 1 entries`]);
    expect(readFileSync(path.join(root, 'items', itemId, 'v1', 'a.iso'))).toEqual(body);
  });
});
