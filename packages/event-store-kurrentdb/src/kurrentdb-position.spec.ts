import { comparePositions, parsePosition, positionFromNumber } from '@upload-sessions/event-store';
import { compareClientPositions, fromGlobalPosition, toGlobalPosition } from './kurrentdb-position';

describe('KurrentDB positions as GlobalPosition', () => {
  const positions = [
    { commit: 0n, prepare: 0n },
    { commit: 0n, prepare: 7n },
    { commit: 9n, prepare: 9n },
    { commit: 10n, prepare: 3n },
    { commit: 123_456_789_012n, prepare: 123_456_789_000n },
    { commit: 2n ** 63n - 1n, prepare: 2n ** 63n - 1n },
  ];

  it('round-trips through the port encoding, which the port accepts as a position', () => {
    for (const position of positions) {
      const encoded = toGlobalPosition(position);
      expect(parsePosition(encoded)).toBe(encoded);
      expect(fromGlobalPosition(encoded)).toEqual(position);
    }
  });

  it('orders encoded strings exactly as KurrentDB orders positions', () => {
    for (const a of positions) {
      for (const b of positions) {
        expect(Math.sign(comparePositions(toGlobalPosition(a), toGlobalPosition(b)))).toBe(
          Math.sign(compareClientPositions(a, b)),
        );
      }
    }
    expect(compareClientPositions({ commit: 10n, prepare: 3n }, { commit: 9n, prepare: 9n })).toBe(1);
  });

  it('does not decode positions of single-counter adapters', () => {
    expect(fromGlobalPosition(positionFromNumber(42))).toBeUndefined();
  });
});
