import { MAX_PARTS, partName, partNumberOf, planParts } from './part-plan';

describe('planParts', () => {
  it.each([
    [0, 100, 100, 1],
    [1, 100, 100, 1],
    [100, 100, 100, 1],
    [101, 100, 100, 2],
    [1050, 100, 100, 11],
  ])('splits %i bytes in parts of %i: part size %i, %i parts', (size, configured, partSize, count) => {
    expect(planParts(size, configured)).toEqual({ partSize, count });
  });

  it('grows the parts rather than exceed the part limit', () => {
    const size = MAX_PARTS * 100 + 1;
    const plan = planParts(size, 100);
    expect(plan.count).toBeLessThanOrEqual(MAX_PARTS);
    expect(plan.partSize * plan.count).toBeGreaterThanOrEqual(size);
  });

  it('lets a client slicing by the part count (the vendor MCP server) stay within the part size, and above half of it', () => {
    for (const size of [0, 1, 99, 100, 101, 199, 201, 12345, 25 * 1024 * 1024 + 3]) {
      const { partSize, count } = planParts(size, 100);
      const slice = Math.ceil(size / count);
      const lengths = Array.from({ length: count }, (_, i) => Math.max(0, Math.min(slice, size - i * slice)));
      expect(lengths.reduce((a, b) => a + b, 0)).toBe(size);
      expect(lengths.every((length) => length <= partSize)).toBe(true);
      expect(lengths.slice(0, -1).every((length) => length * 2 > partSize)).toBe(true);
    }
  });
});

describe('part names', () => {
  it('sort in part order and map back to their numbers', () => {
    expect([partName(10), partName(2), partName(MAX_PARTS)]).toEqual([
      'part-00010',
      'part-00002',
      'part-10000',
    ]);
    expect([10, 2, MAX_PARTS].map((n) => partNumberOf(partName(n)))).toEqual([10, 2, MAX_PARTS]);
    expect(partNumberOf('movie.ovf')).toBeUndefined();
  });
});
