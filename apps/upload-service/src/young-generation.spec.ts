import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getHeapSpaceStatistics } from 'node:v8';
import {
  capYoungGeneration,
  configuredByFlag,
  relaxOldGenerationGrowthDuringUploads,
} from './young-generation';

const newSpaceBytes = (): number =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;

/** Allocates short-lived objects over many event-loop turns (so garbage collections are observed). */
const churn = async (turns: number): Promise<void> => {
  let keep: object[] = [];
  for (let turn = 0; turn < turns; turn++) {
    for (let i = 0; i < 50_000; i++) {
      keep.push({ i, s: `x${i}` });
      if (keep.length > 5_000) keep = [];
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
};

describe('capYoungGeneration', () => {
  it('stops new space from growing past two semi-spaces of the cap under a fast allocation rate', async () => {
    // Jest's own start-up may have grown it already: the cap stops growth, it does not shrink.
    const limit = Math.max(newSpaceBytes(), 2 * 2 * 1024 * 1024);
    const stop = capYoungGeneration(2, [], undefined);
    try {
      await churn(60);
      expect(newSpaceBytes()).toBeLessThanOrEqual(limit);
    } finally {
      stop();
    }
  });

  it('leaves a young generation sized on the command line alone', () => {
    expect(configuredByFlag(['--max-semi-space-size=16'], undefined)).toBe(true);
    expect(configuredByFlag([], '--enable-source-maps --max_semi_space_size=4')).toBe(true);
    expect(configuredByFlag(['--max-heap-size=512'], undefined)).toBe(true);
    expect(configuredByFlag(['--enable-source-maps'], '--max-old-space-size=512')).toBe(false);
    expect(configuredByFlag([], undefined)).toBe(false);
    const growing = /^--heap[-_]growing[-_]percent\b/;
    expect(configuredByFlag(['--heap-growing-percent=50'], undefined, growing)).toBe(true);
    expect(configuredByFlag(['--max-semi-space-size=8'], undefined, growing)).toBe(false);
  });
});

describe('relaxOldGenerationGrowthDuringUploads', () => {
  let server: Server;
  let port: number;
  /** Flags set, and the flags set when each request's handler ran. */
  let flags: string[];
  let seenByHandler: string[][];
  const record = (flag: string): void => void flags.push(flag);

  beforeAll(async () => {
    server = createServer((req, res) => {
      seenByHandler.push([...flags]);
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    flags = [];
    seenByHandler = [];
  });

  /** Sends the headers and half the body; `finish` sends the rest and resolves with the answer. */
  const open = (bytes: number): { readonly finish: () => Promise<void> } => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'PUT',
      headers: { 'content-length': String(bytes) },
    });
    const answered = new Promise<void>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
    });
    req.write(Buffer.alloc(bytes / 2));
    return {
      finish: () => {
        req.end(Buffer.alloc(bytes / 2));
        return answered;
      },
    };
  };
  const put = (bytes: number): Promise<void> => open(bytes).finish();
  /** The response's 'close' comes a moment after the client has read the answer. */
  const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));
  const handled = async (count: number): Promise<void> => {
    while (seenByHandler.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('widens the old generation while large bodies are received, and restores the cap after', async () => {
    const stop = relaxOldGenerationGrowthDuringUploads(30, 300, 1024, [], undefined, record);
    try {
      const first = open(4096);
      const second = open(4096);
      await handled(2);
      expect(seenByHandler).toEqual([['--heap-growing-percent=300'], ['--heap-growing-percent=300']]);
      await first.finish();
      await settled();
      // Still one body in flight.
      expect(flags).toEqual(['--heap-growing-percent=300']);
      await second.finish();
      await settled();
      expect(flags).toEqual(['--heap-growing-percent=300', '--heap-growing-percent=30']);
    } finally {
      stop();
    }
  });

  it('leaves small bodies, a growth percent given to node, and a stopped watch alone', async () => {
    const stop = relaxOldGenerationGrowthDuringUploads(30, 300, 1024, [], undefined, record);
    await put(100);
    stop();
    await put(4096);
    const pinned = relaxOldGenerationGrowthDuringUploads(
      30,
      300,
      1024,
      ['--heap-growing-percent=50'],
      undefined,
      record,
    );
    await put(4096);
    pinned();
    await settled();
    expect(flags).toEqual([]);
  });
});
