const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

export interface Difference {
  /** Where the values part, e.g. `$[0].data.reason`. */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

/**
 * The first place two JSON-like values differ, or null when they are structurally equal. Keys whose
 * value is `undefined` count as absent, as they would after a trip through JSON.
 */
export const firstDifference = (expected: unknown, actual: unknown, path = '$'): Difference | null => {
  if (Object.is(expected, actual)) return null;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const length = Math.max(expected.length, actual.length);
    for (let i = 0; i < length; i++) {
      if (i >= expected.length || i >= actual.length) {
        return { path: `${path}[${i}]`, expected: expected[i], actual: actual[i] };
      }
      const found = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const key of keys) {
      const found = firstDifference(expected[key], actual[key], `${path}.${key}`);
      if (found !== null) return found;
    }
    return null;
  }
  return { path, expected, actual };
};

export const show = (value: unknown): string =>
  value === undefined ? 'undefined' : (JSON.stringify(value, null, 2) ?? String(value));
