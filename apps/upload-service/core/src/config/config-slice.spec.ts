import * as E from 'fp-ts/Either';
import { IntegerInRange, NonEmptyText } from './config-codecs';
import { configProviders, defineConfigSlice } from './config-slice';
import { loadConfig } from './load-config';

const A = Symbol('A');
const B = Symbol('B');
const shared = { SHARED_NAME: NonEmptyText };

const first = defineConfigSlice({
  key: 'first',
  token: A,
  variables: { ...shared, FIRST_COUNT: IntegerInRange(1, 10) },
  defaults: { FIRST_COUNT: 3 },
  build: (v) =>
    v.FIRST_COUNT > 5
      ? E.left([`FIRST_COUNT: must be at most 5 here, got ${v.FIRST_COUNT}`])
      : E.right({ name: v.SHARED_NAME ?? 'none', count: v.FIRST_COUNT, sees: Object.keys(v).sort() }),
});
const second = defineConfigSlice({
  key: 'second',
  token: B,
  variables: { ...shared, SECOND_FLAG: IntegerInRange(0, 1) },
  defaults: {},
  build: (v) => E.right({ name: v.SHARED_NAME, flag: v.SECOND_FLAG }),
});

describe('configuration slices', () => {
  it('gives each slice its own variables (with its defaults) and a variable they share to both', () => {
    const loaded = loadConfig([first, second], { SHARED_NAME: 'x', SECOND_FLAG: '1', OTHER: 'y' });
    expect(E.isRight(loaded) && loaded.right).toEqual({
      first: { name: 'x', count: 3, sees: ['FIRST_COUNT', 'SHARED_NAME'] },
      second: { name: 'x', flag: 1 },
    });
  });

  it('reports a bad shared variable once, and a slice’s own checks after every value decoded', () => {
    expect(loadConfig([first, second], { SHARED_NAME: ' ' })).toEqual(
      E.left(['SHARED_NAME: must be a non-empty string (got " ")']),
    );
    expect(loadConfig([first, second], { FIRST_COUNT: '7' })).toEqual(
      E.left(['FIRST_COUNT: must be at most 5 here, got 7']),
    );
  });

  it('refuses two slices reading one variable with different codecs', () => {
    const clash = defineConfigSlice({
      key: 'clash',
      token: Symbol('clash'),
      variables: { SHARED_NAME: IntegerInRange(0, 1) },
      defaults: {},
      build: () => E.right(null),
    });
    expect(() => loadConfig([first, clash], {})).toThrow(/disagree on how to read SHARED_NAME/);
  });

  it('provides each slice’s value under its token', () => {
    const loaded = loadConfig([first, second], {});
    if (E.isLeft(loaded)) throw new Error(loaded.left.join());
    expect(configProviders([first, second], loaded.right)).toEqual([
      { provide: A, useValue: loaded.right.first },
      { provide: B, useValue: loaded.right.second },
    ]);
  });
});
