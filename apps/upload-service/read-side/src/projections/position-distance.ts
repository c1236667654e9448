import type { GlobalPosition } from '@upload-sessions/event-store';

/**
 * The leading counter of a position: the event number on the embedded store, the transaction-log
 * offset (bytes) on KurrentDB. Differences of it measure how far apart two positions are.
 */
export const positionCounter = (position: GlobalPosition | null | undefined): bigint =>
  position === null || position === undefined ? 0n : BigInt(position.slice(0, 20));

/** How far `from` is behind `to` (0 when it is not behind). */
export const distance = (
  from: GlobalPosition | null | undefined,
  to: GlobalPosition | null | undefined,
): number => {
  const gap = positionCounter(to) - positionCounter(from);
  return gap > 0n ? Number(gap) : 0;
};
