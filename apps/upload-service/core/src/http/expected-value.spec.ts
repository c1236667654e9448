import * as t from 'io-ts';
import { expectedValue } from './expected-value';

describe('expectedValue', () => {
  it('describes generated object and array types without their io-ts names', () => {
    expect(expectedValue(t.partial({ id: t.string, creation_time: t.string }))).toBe('a JSON object');
    expect(expectedValue(t.intersection([t.type({ a: t.string }), t.partial({ b: t.number })]))).toBe(
      'a JSON object',
    );
    expect(expectedValue(t.array(t.string))).toBe('a JSON array');
    expect(expectedValue(t.union([t.string, t.number]))).toBe('a valid value');
  });

  it('keeps names given by hand and words primitives', () => {
    expect(expectedValue(t.keyof({ LOCAL: null }, 'a library type'))).toBe('a library type');
    expect(expectedValue(t.keyof({ A: null }, 'a file type (one of A)'))).toBe('a file type (one of A)');
    expect(expectedValue(t.keyof({ A: null, B: null }))).toBe('a valid value');
    expect(expectedValue(t.type({ a: t.string }, 'a warning behavior'))).toBe('a warning behavior');
    expect(expectedValue(t.string)).toBe('a string');
    expect(expectedValue(t.Int)).toBe('an integer');
    expect(expectedValue(undefined)).toBe('a valid value');
  });
});
