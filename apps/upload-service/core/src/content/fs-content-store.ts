import { createHash, randomBytes, type Hash } from 'node:crypto';
// The module object: the int spec stands a full disk in for fs.writev.
import fs from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import * as E from 'fp-ts/Either';
import {
  type ContentError,
  type ContentStore,
  type DigestAlgorithm,
  type ReceiveRequest,
  type ReceivedContent,
  ServiceShutdown,
} from './content-store';
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

/** A failure of the disk (open, write, close), as opposed to one of the body's source. */
class DiskFailure extends Error {
  constructor(error: Error) {
    super(error.message, { cause: error });
  }
}

/**
 * Bytes gathered before one write: the request's 64 KiB socket chunks go to the file in few large
 * `writev` calls instead of one write (and one thread-pool round trip) each (issue 16).
 */
const WRITE_BATCH_BYTES = 1024 * 1024;
/** Bytes waiting for the disk beyond which the body is paused (TCP flow control then slows the client). */
const PENDING_LIMIT_BYTES = 8 * 1024 * 1024;

const openFile = (file: string): Promise<number> =>
  new Promise((resolve, reject) => {
    fs.open(file, 'wx', (error, fd) => (error === null ? resolve(fd) : reject(new DiskFailure(error))));
  });
const writeAll = (fd: number, buffers: Buffer[]): Promise<void> =>
  new Promise((resolve, reject) => {
    // libuv writes every buffer (looping over short writes) or fails.
    fs.writev(fd, buffers, (error) => (error === null ? resolve() : reject(new DiskFailure(error))));
  });
const closeFile = (fd: number): Promise<void> =>
  new Promise((resolve, reject) => {
    fs.close(fd, (error) =>
      error === null || error === undefined ? resolve() : reject(new DiskFailure(error)),
    );
  });

interface Copy {
  readonly source: Readable;
  readonly fd: number;
  readonly hashes: readonly Hash[];
  readonly maxBytes: number;
  readonly onProgress: ((bytes: number) => void) | undefined;
  readonly signal: AbortSignal;
}

/**
 * Reads the body into the open file, counting and hashing each chunk as it arrives, and resolves with
 * its length once every byte is written. It never destroys the source: on a failure it lets go of it
 * (paused, its listeners removed), so the service can still answer the PUT. The bytes are hashed on
 * the event loop as they arrive while the previous batch is being written by the thread pool; the
 * body is paused only when more than PENDING_LIMIT_BYTES wait for the disk. Settles only once no
 * write is in flight, so the caller may close and delete the file.
 */
const copyBody = ({ source, fd, hashes, maxBytes, onProgress, signal }: Copy): Promise<number> =>
  new Promise((resolve, reject) => {
    let bytes = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let writing = false;
    let ended = false;
    let failure: unknown;
    let settled = false;

    const detach = (): void => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
      source.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
    };
    const settle = (): void => {
      if (settled || writing) return;
      settled = true;
      if (failure !== undefined) reject(failure);
      else resolve(bytes);
    };
    const fail = (error: unknown): void => {
      if (failure !== undefined || settled) return;
      failure = error;
      detach();
      source.pause();
      pending = [];
      pendingBytes = 0;
      settle();
    };
    const flush = (): void => {
      if (writing || failure !== undefined) return;
      if (pendingBytes === 0 || (!ended && pendingBytes < WRITE_BATCH_BYTES)) {
        if (ended && pendingBytes === 0) {
          detach();
          settle();
        }
        return;
      }
      const batch = pending;
      pending = [];
      pendingBytes = 0;
      writing = true;
      writeAll(fd, batch).then(
        () => {
          writing = false;
          if (failure !== undefined) return settle();
          if (!ended && source.isPaused()) source.resume();
          flush();
        },
        (error: unknown) => {
          writing = false;
          fail(error);
          settle();
        },
      );
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > maxBytes) return fail(new TooLarge(maxBytes));
      for (const hash of hashes) hash.update(chunk);
      onProgress?.(bytes);
      if (failure !== undefined) return; // onProgress may abort the transfer
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= PENDING_LIMIT_BYTES) source.pause();
      flush();
    };
    const onEnd = (): void => {
      ended = true;
      flush();
    };
    const onError = (error: Error): void => fail(error);
    const onClose = (): void => {
      if (!ended) fail(new Error('the client closed the connection before the end of the body'));
    };
    const onAbort = (): void => fail(signal.reason);

    if (signal.aborted) return fail(signal.reason);
    if (source.destroyed && !source.readableEnded) return onClose();
    signal.addEventListener('abort', onAbort);
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onError);
    source.on('close', onClose);
    if (source.readableEnded) onEnd();
    source.resume();
  });

/** Bytes still arriving; and bytes received whole, set aside until their content is recorded. */
const INCOMING = '.incoming-';
const RECEIVED = '.received-';

/**
 * The file-system content store: `<root>/tmp/<session>/<file>` while a session is open,
 * `<root>/items/<item>/v<version>/<file>` once completed. Bytes arrive in `.incoming-*` files, are set
 * aside whole as `.received-<sha256>-<file>`, and take the file's name only once their content is
 * recorded, so a staged file is always complete and always the one the events name.
 */
export class FsContentStore implements ContentStore {
  /** `onLostRace`: told when another instance put a completed session's content in place first. */
  constructor(
    private readonly root: string,
    private readonly onLostRace?: (sessionId: string, code: string) => void,
  ) {}

  async receive(request: ReceiveRequest): Promise<E.Either<ContentError, ReceivedContent>> {
    const { sessionId, fileName, signal } = request;
    const dir = this.sessionDir(sessionId);
    checkedFileName(fileName);
    const incoming = path.join(dir, `${INCOMING}${randomBytes(8).toString('hex')}`);
    // SHA256 always: it names the bytes set aside until they are placed.
    const algorithms = new Set<DigestAlgorithm>([...request.algorithms, 'SHA256']);
    const hashes = new Map([...algorithms].map((a) => [a, createHash(nodeAlgorithm[a])] as const));
    let fd: number | undefined;
    try {
      await mkdir(dir, { recursive: true }).catch((error: Error) => {
        throw new DiskFailure(error);
      });
      fd = await openFile(incoming);
      const size = await copyBody({
        source: request.source,
        fd,
        hashes: [...hashes.values()],
        maxBytes: request.maxBytes,
        onProgress: request.onProgress,
        signal,
      });
      const open = fd;
      fd = undefined;
      await closeFile(open);
      const digests: Partial<Record<DigestAlgorithm, string>> = {};
      for (const [algorithm, hash] of hashes) digests[algorithm] = hash.digest('hex');
      await rename(incoming, this.receivedPath(sessionId, fileName, digests.SHA256 ?? '')).catch(
        (error: Error) => {
          throw new DiskFailure(error);
        },
      );
      return E.right({ size, digests });
    } catch (error) {
      if (fd !== undefined) await closeFile(fd).catch(() => undefined);
      await unlink(incoming).catch(() => undefined);
      if (signal.aborted) {
        const shutdown = signal.reason instanceof ServiceShutdown ? { shutdown: true } : {};
        return E.left({ _tag: 'TransferAborted', reason: reasonOf(signal), ...shutdown });
      }
      if (error instanceof TooLarge) return E.left({ _tag: 'ContentTooLarge', limit: error.limit });
      // A failure of the disk (full, unwritable, gone) is the store's, whatever state the body is in:
      // it must not pass for the client's abort.
      if (error instanceof DiskFailure) return E.left({ _tag: 'StorageFailed', message: error.message });
      return E.left({ _tag: 'TransferAborted', reason: (error as Error).message });
    }
  }

  async place(sessionId: string, fileName: string, sha256: string): Promise<E.Either<ContentError, boolean>> {
    const target = path.join(this.sessionDir(sessionId), checkedFileName(fileName));
    try {
      await rename(this.receivedPath(sessionId, fileName, sha256), target);
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
    // the clean-up processor): one rmdir answers for a missing or empty folder (rm would lstat first).
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
