import { getHeapSpaceStatistics } from 'node:v8';
import { capYoungGeneration, configuredByFlag } from './young-generation';

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
