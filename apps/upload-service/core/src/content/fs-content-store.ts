import { createHash, randomBytes, type Hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as E from 'fp-ts/Either';
import {
  type ContentError,
  type ContentStore,
  type DigestAlgorithm,
  type ReceiveRequest,
  type ReceivedContent,
  ServiceShutdown,
} from './content-store';
import { fileHandleSink } from './file-handle-sink';
import { type DiskSync, durableDiskSync } from './disk-sync';
import { isResourceId, isSafeFileName } from './safe-names';

const nodeAlgorithm: Record<DigestAlgorithm, string> = {
  MD5: 'md5',
  SHA1: 'sha1',
  SHA256: 'sha256',
  SHA512: 'sha512',
};

class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

/** Counts and hashes bytes on their way to disk, and stops a body that outgrows its limit. */
class Meter extends Transform {
  bytes = 0;
  constructor(
    private readonly hashes: ReadonlyMap<DigestAlgorithm, Hash>,
    private readonly maxBytes: number,
    private readonly onProgress: ((bytes: number) => void) | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return callback(new TooLarge(this.maxBytes));
    for (const hash of this.hashes.values()) hash.update(chunk);
    this.onProgress?.(this.bytes);
    callback(null, chunk);
  }
}

/**
 * Relays a request body without letting a failed pipeline destroy it: the request stays usable so
 * the service can still answer the PUT with an error after stopping the transfer.
 */
const detach = (source: Readable): { readonly stream: PassThrough; readonly release: () => void } => {
  const stream = new PassThrough();
  // pipeline reports the failure; this keeps a late 'error' (after pipeline let go) from being unhandled.
  stream.on('error', () => undefined);
  const onError = (error: Error): void => void stream.destroy(error);
  const onClose = (): void => {
    if (!source.readableEnded)
      stream.destroy(new Error('the client closed the connection before the end of the body'));
  };
  source.on('error', onError);
  source.on('close', onClose);
  source.pipe(stream);
  // Gone before the store got to it (while the route authorised and loaded the session): its 'close'
  // is past, and the transfer would wait forever (holding the file's transfer slot).
  if (source.destroyed) onClose();
  return {
    stream,
    release: () => {
      source.unpipe(stream);
      source.off('error', onError);
      source.off('close', onClose);
    },
  };
};

/** Bytes still arriving; and bytes received whole, set aside until their content is recorded. */
const INCOMING = '.incoming-';
const RECEIVED = '.received-';

/**
 * The file-system content store: `<root>/tmp/<session>/<file>` while a session is open,
 * `<root>/items/<item>/v<version>/<file>` once completed. Bytes arrive in `.incoming-*` files, are set
 * aside whole as `.received-<sha256>-<file>`, and take the file's name only once their content is
 * recorded, so a staged file is always complete and always the one the events name. Every step that
 * an acknowledgement follows is synced to disk first (the bytes, then the folder holding the new name).
 */
export class FsContentStore implements ContentStore {
  /** `onLostRace`: told when another instance put a completed session's content in place first. */
  constructor(
    private readonly root: string,
    private readonly onLostRace?: (sessionId: string, code: string) => void,
    private readonly sync: DiskSync = durableDiskSync,
  ) {}

  async receive(request: ReceiveRequest): Promise<E.Either<ContentError, ReceivedContent>> {
    const { sessionId, fileName, signal } = request;
    const dir = this.sessionDir(sessionId);
    checkedFileName(fileName);
    const incoming = path.join(dir, `${INCOMING}${randomBytes(8).toString('hex')}`);
    // SHA256 always: it names the bytes set aside until they are placed.
    const algorithms = new Set<DigestAlgorithm>([...request.algorithms, 'SHA256']);
    const hashes = new Map([...algorithms].map((a) => [a, createHash(nodeAlgorithm[a])] as const));
    const meter = new Meter(hashes, request.maxBytes, request.onProgress);
    const source = detach(request.source);
    // A failure of the disk (full, unwritable, gone) is the store's, whatever state the body is in:
    // it must not pass for the client's abort.
    let storageError: unknown;
    const onDisk = <T>(work: Promise<T>): Promise<T> =>
      work.catch((error: unknown) => {
        storageError ??= error;
        throw error;
      });
    try {
      await onDisk(mkdir(dir, { recursive: true }));
      // The handle stays open for the sync after the last write, and only its own close() closes it.
      const file = await onDisk(open(incoming, 'wx'));
      try {
        await pipeline(source.stream, meter, fileHandleSink(file), { signal });
        // The bytes reach the disk before anything acknowledges them.
        await onDisk(this.sync.file(file));
      } finally {
        await file.close().catch(() => undefined);
      }
      const digests: Partial<Record<DigestAlgorithm, string>> = {};
      for (const [algorithm, hash] of hashes) digests[algorithm] = hash.digest('hex');
      await onDisk(rename(incoming, this.receivedPath(sessionId, fileName, digests.SHA256 ?? '')));
      await onDisk(this.sync.directory(dir));
      return E.right({ size: meter.bytes, digests });
    } catch (error) {
      await unlink(incoming).catch(() => undefined);
      if (signal.aborted) {
        const shutdown = signal.reason instanceof ServiceShutdown ? { shutdown: true } : {};
        return E.left({ _tag: 'TransferAborted', reason: reasonOf(signal), ...shutdown });
      }
      if (error instanceof TooLarge) return E.left({ _tag: 'ContentTooLarge', limit: error.limit });
      // System-call errors (ENOSPC, EACCES, EIO...) come from the disk; the client's abort has none.
      if (storageError !== undefined || isSystemError(error)) {
        return E.left({ _tag: 'StorageFailed', message: ((storageError ?? error) as Error).message });
      }
      if (request.source.destroyed || !request.source.readableEnded) {
        return E.left({ _tag: 'TransferAborted', reason: (error as Error).message });
      }
      return E.left({ _tag: 'StorageFailed', message: (error as Error).message });
    } finally {
      source.release();
    }
  }

  async place(sessionId: string, fileName: string, sha256: string): Promise<E.Either<ContentError, boolean>> {
    const target = path.join(this.sessionDir(sessionId), checkedFileName(fileName));
    try {
      await rename(this.receivedPath(sessionId, fileName, sha256), target);
      await this.sync.directory(path.dirname(target));
      return E.right(true);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return E.right(false);
      return E.left({ _tag: 'StorageFailed', message: (error as Error).message });
    }
  }

  async discardReceived(sessionId: string, fileName: string, sha256: string): Promise<void> {
    await rm(this.receivedPath(sessionId, fileName, sha256), { force: true });
  }

  async discardFile(sessionId: string, fileName: string): Promise<void> {
    await rm(path.join(this.sessionDir(sessionId), checkedFileName(fileName)), { force: true });
  }

  async discardSession(sessionId: string): Promise<void> {
    const dir = this.sessionDir(sessionId);
    // Most sessions canceled this way never received a byte, and each is discarded twice (inline and by
    // the clean-up processor). A missing folder is answered by one synchronous stat that makes no error
    // object (a failed rmdir builds an Error with its stack, twice per canceled session); an existing
    // one by one rmdir when empty (rm would lstat first), else rm.
    if (!existsSync(dir)) return;
    try {
      await rmdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      await rm(dir, { recursive: true, force: true });
    }
  }

  async stagedSessions(): Promise<readonly string[]> {
    const entries = await readdir(path.join(this.root, 'tmp')).catch(() => [] as string[]);
    return entries.filter(isResourceId);
  }

  async discardStalePartialFiles(sessionId: string, before: Date): Promise<number> {
    const dir = this.sessionDir(sessionId);
    const names = await readdir(dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      if (!name.startsWith(INCOMING) && !name.startsWith(RECEIVED)) continue;
      const file = path.join(dir, name);
      const written = await stat(file).then(
        (s) => s.mtimeMs,
        () => undefined,
      );
      if (written === undefined || written >= before.getTime()) continue;
      await rm(file, { force: true });
      removed += 1;
    }
    return removed;
  }

  async commit(sessionId: string, itemId: string, version: number): Promise<E.Either<ContentError, void>> {
    const staged = this.sessionDir(sessionId);
    const target = this.versionDir(itemId, version);
    try {
      if (await exists(target)) {
        await rm(staged, { recursive: true, force: true });
        return E.right(undefined);
      }
      await mkdir(path.dirname(target), { recursive: true });
      const names = await readdir(staged).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (names !== undefined) {
        // Leftovers of transfers that never finished are not content.
        for (const name of names) {
          if (name.startsWith(INCOMING) || name.startsWith(RECEIVED))
            await rm(path.join(staged, name), { force: true });
        }
        await rename(staged, target);
      } else {
        await mkdir(target);
      }
      await this.sync.directory(path.dirname(target));
      return E.right(undefined);
    } catch (error) {
      // Another instance (or the sweep) moved it first: the content is in place, which is all we want.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'ENOENT') && (await exists(target))) {
        await rm(staged, { recursive: true, force: true }).catch(() => undefined);
        this.onLostRace?.(sessionId, code);
        return E.right(undefined);
      }
      return E.left({ _tag: 'StorageFailed', message: (error as Error).message });
    }
  }

  async openCommitted(
    itemId: string,
    version: number,
    fileName: string,
    start: number,
    end: number,
  ): Promise<E.Either<ContentError, Readable>> {
    try {
      const file = await open(path.join(this.versionDir(itemId, version), checkedFileName(fileName)), 'r');
      return E.right(file.createReadStream({ start, end, autoClose: true }));
    } catch (error) {
      return E.left({ _tag: 'StorageFailed', message: (error as Error).message });
    }
  }

  async hasVersion(itemId: string, version: number): Promise<boolean> {
    return exists(this.versionDir(itemId, version));
  }

  async discardItem(itemId: string): Promise<void> {
    await rm(path.join(this.root, 'items', checkedId(itemId)), { recursive: true, force: true });
  }

  private receivedPath(sessionId: string, fileName: string, sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${JSON.stringify(sha256)}`);
    return path.join(this.sessionDir(sessionId), `${RECEIVED}${sha256}-${checkedFileName(fileName)}`);
  }

  private sessionDir(sessionId: string): string {
    return path.join(this.root, 'tmp', checkedId(sessionId));
  }

  private versionDir(itemId: string, version: number): string {
    if (!Number.isSafeInteger(version) || version < 0) throw new Error(`unsafe content version ${version}`);
    return path.join(this.root, 'items', checkedId(itemId), `v${version}`);
  }
}

// Callers validate at the edge; these checks keep the store safe even if one forgets.
const checkedId = (id: string): string => {
  if (!isResourceId(id)) throw new Error(`unsafe id ${JSON.stringify(id)}`);
  return id;
};
const checkedFileName = (name: string): string => {
  if (!isSafeFileName(name)) throw new Error(`unsafe file name ${JSON.stringify(name)}`);
  return name;
};

const isSystemError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && typeof (error as { syscall?: unknown }).syscall === 'string';

const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );

const reasonOf = (signal: AbortSignal): string =>
  signal.reason instanceof Error
    ? signal.reason.message
    : typeof signal.reason === 'string'
      ? signal.reason
      : 'aborted';
