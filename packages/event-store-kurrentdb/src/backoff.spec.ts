import { backoffDelay, defaultBackoff } from './backoff';

describe('backoffDelay', () => {
  const justBelowOne = () => 0.999_999;

  it('doubles its ceiling from 100 ms per attempt', () => {
    expect([0, 1, 2, 3, 4].map((attempt) => backoffDelay(attempt, justBelowOne))).toEqual([
      99, 199, 399, 799, 1599,
    ]);
  });

  it('never exceeds the 5 s cap, however many attempts have failed', () => {
    for (const attempt of [6, 7, 10, 50, 1_000, Number.MAX_SAFE_INTEGER]) {
      const delay = backoffDelay(attempt, justBelowOne);
      expect(delay).toBeLessThan(defaultBackoff.capMs);
      expect(delay).toBeGreaterThanOrEqual(defaultBackoff.capMs - 1);
    }
  });

  it('draws the whole range below the ceiling (full jitter), down to no wait at all', () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.5)).toBe(400);
    expect(backoffDelay(20, () => 0.25)).toBe(1250);
  });

  it('treats odd attempt numbers as the first attempt rather than failing', () => {
    expect(backoffDelay(-3, justBelowOne)).toBe(99);
    expect(backoffDelay(Number.NaN, justBelowOne)).toBe(99);
  });

  it('follows a custom policy', () => {
    expect(backoffDelay(2, justBelowOne, { baseMs: 10, capMs: 25 })).toBe(24);
    expect(backoffDelay(1, justBelowOne, { baseMs: 10, capMs: 25 })).toBe(19);
  });
});
