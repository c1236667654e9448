import { fstatSync, readFileSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileHandleSink } from './file-handle-sink';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'file-handle-sink-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Chunks of 64 KiB, each filled with its own index, forever (or `count` of them). */
const chunks = (count = Infinity) => {
  let n = 0;
  return new Readable({
    read() {
      this.push(n < count ? Buffer.alloc(65536, n++ % 251) : null);
    },
  });
};

describe('fileHandleSink', () => {
  it('writes every chunk in order and leaves the handle open for the sync and the close', async () => {
    const file = await open(path.join(dir, 'whole'), 'wx');
    await pipeline(chunks(40), fileHandleSink(file));
    await file.datasync();
    await file.close();
    const written = readFileSync(path.join(dir, 'whole'));
    expect(written.length).toBe(40 * 65536);
    expect([...Array(40).keys()].every((i) => written[i * 65536 + 100] === i % 251)).toBe(true);
  });

  it('leaves the fd open when the pipeline is aborted, so only the handle closes it, once', async () => {
    const file = await open(path.join(dir, 'aborted'), 'wx');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5);
    await expect(pipeline(chunks(), fileHandleSink(file), { signal: controller.signal })).rejects.toThrow(
      /abort/i,
    );
    expect(fstatSync(file.fd).isFile()).toBe(true);
    await file.close();
  });
});
