import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

/** Writes all of `data` at the file's position, again after a short write. */
const writeAll = async (file: FileHandle, data: Buffer): Promise<void> => {
  let at = 0;
  while (at < data.length) {
    const { bytesWritten } = await file.write(data, at, data.length - at);
    at += bytesWritten;
  }
};

/**
 * A stream that writes into an open file and never closes it: the owner syncs, then closes the handle.
 *
 * Not `createWriteStream(path, { fd: file.fd, autoClose: false })`: a pipeline that fails destroys that
 * stream, which closes the fd whatever `autoClose` says, and the handle's own close() then closes the same
 * number again, by then perhaps another connection's socket or another upload's file. Nor
 * `file.createWriteStream()`: its hold on the handle keeps `close()` waiting after a finished write.
 * The handle's own writes are counted by it, so its close() waits for one still running.
 */
export const fileHandleSink = (file: FileHandle): Writable =>
  new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writeAll(file, chunk).then(() => callback(), callback);
    },
    writev(chunks, callback) {
      writeAll(file, Buffer.concat(chunks.map(({ chunk }) => chunk as Buffer))).then(
        () => callback(),
        callback,
      );
    },
  });
