import { TokenBuckets } from './token-buckets';

describe('TokenBuckets', () => {
  it('lets a burst through, then one request per 1/rate seconds, per key', () => {
    let now = 0;
    const buckets = new TokenBuckets(10, 3, () => now);
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterMs: 100 });
    // Another principal has its own bucket.
    expect(buckets.take('b').allowed).toBe(true);
    now = 50;
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterMs: 50 });
    now = 100;
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    now = 10_000;
    expect([1, 2, 3, 4].map(() => buckets.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('forgets callers whose bucket has refilled', () => {
    let now = 0;
    const buckets = new TokenBuckets(100, 100, () => now);
    for (let i = 0; i < 50; i++) buckets.take(`k${i}`);
    expect(buckets.size).toBe(50);
    now = 5_000;
    buckets.take('new');
    expect(buckets.size).toBe(1);
  });
});
