import type { Position } from '@kurrent/kurrentdb-client';
import { positionFromPair, type GlobalPosition } from '@upload-sessions/event-store';

/** KurrentDB's two-part log position as the port's comparable string. */
export const toGlobalPosition = (position: Position): GlobalPosition =>
  positionFromPair(position.commit, position.prepare);

const PAIR = /^(\d{20})\/(\d{20})$/;

/** Decodes a position this adapter handed out; undefined for any other form (e.g. a single-counter one). */
export const fromGlobalPosition = (position: GlobalPosition): Position | undefined => {
  const match = PAIR.exec(position);
  return match?.[1] !== undefined && match[2] !== undefined
    ? { commit: BigInt(match[1]), prepare: BigInt(match[2]) }
    : undefined;
};

/**
 * Servers before 22.6 fill positions they do not know (stream reads, some idempotent appends) with
 * -1 sent as an unsigned 64-bit number; those are no positions at all.
 */
export const isKnownPosition = (position: Position | undefined): position is Position =>
  position !== undefined && position.commit < 2n ** 63n && position.prepare < 2n ** 63n;

/** Log order of two KurrentDB positions: commit first, then prepare. */
export const compareClientPositions = (a: Position, b: Position): number =>
  a.commit !== b.commit
    ? a.commit < b.commit
      ? -1
      : 1
    : a.prepare < b.prepare
      ? -1
      : a.prepare > b.prepare
        ? 1
        : 0;
