import { isRight } from 'fp-ts/Either';
import { ClientToken, Etag, FileName, SessionId } from './ids';
import { instant, IsoDateTime, isIsoDateTime, NonNegativeInteger, Percentage } from './primitives';

const accepts = (codec: { decode: (u: unknown) => unknown }, value: unknown) =>
  isRight(codec.decode(value) as Parameters<typeof isRight>[0]);

describe('IsoDateTime', () => {
  it.each([
    '2024-05-01T10:00:00Z',
    '2024-05-01T10:00:00.123Z',
    '2024-05-01T10:00:00.123456789Z',
    '2024-05-01T12:00:00+02:00',
    '2024-02-29T23:59:59Z',
  ])('accepts %s', (value) => {
    expect(isIsoDateTime(value)).toBe(true);
    expect(accepts(IsoDateTime, value)).toBe(true);
  });

  it.each([
    '2024-05-01',
    '2024-05-01T10:00:00',
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-05-01T10:00:00+25:00',
    'yesterday',
    '',
  ])('refuses %s', (value) => {
    expect(isIsoDateTime(value)).toBe(false);
    expect(accepts(IsoDateTime, value)).toBe(false);
  });

  it('gives instants that compare across offsets, and NaN for non-instants', () => {
    expect(instant('2024-05-01T12:00:00+02:00')).toBe(instant('2024-05-01T10:00:00.000Z'));
    expect(instant('not a time')).toBeNaN();
  });
});

describe('ids and names', () => {
  it.each(['sess-1', 'a', 'org:acme.eu_1', 'A'.repeat(128)])('SessionId accepts %s', (value) => {
    expect(accepts(SessionId, value)).toBe(true);
  });
  it.each(['', '-leading', 'has space', 'a/b', 'A'.repeat(129), 'é', 42, null])(
    'SessionId refuses %p',
    (value) => {
      expect(accepts(SessionId, value)).toBe(false);
    },
  );

  it.each(['disk.vmdk', 'part-00001', 'my file (1).ovf', '.hidden', 'x'.repeat(255), 'файл.bin'])(
    'FileName accepts %s',
    (value) => expect(accepts(FileName, value)).toBe(true),
  );
  it.each(['', '.', '..', 'a/b', 'a\\b', 'nul\u0000byte', 'line\nbreak', 'x'.repeat(256)])(
    'FileName refuses %p',
    (value) => expect(accepts(FileName, value)).toBe(false),
  );

  it('ClientToken and Etag take printable ASCII only', () => {
    expect(accepts(ClientToken, 'tok-123_ABC')).toBe(true);
    expect(accepts(ClientToken, 'has space')).toBe(false);
    expect(accepts(Etag, '"9b2cf535f27731c974343645a3985328"')).toBe(true);
    expect(accepts(Etag, 'W/"weak etag"')).toBe(true);
    expect(accepts(Etag, '')).toBe(false);
    expect(accepts(Etag, 'tab\there')).toBe(false);
  });
});

describe('numbers', () => {
  it('NonNegativeInteger takes safe integers from 0', () => {
    expect([0, 1, Number.MAX_SAFE_INTEGER].map((n) => accepts(NonNegativeInteger, n))).toEqual([
      true,
      true,
      true,
    ]);
    expect([-1, 1.5, Number.NaN, Infinity, 2 ** 53, '1'].map((n) => accepts(NonNegativeInteger, n))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('Percentage takes integers 0..100', () => {
    expect([0, 55, 100].map((n) => accepts(Percentage, n))).toEqual([true, true, true]);
    expect([-1, 101, 50.5].map((n) => accepts(Percentage, n))).toEqual([false, false, false]);
  });
});
