/**
 * A place in the global log. Opaque to callers, but comparable: adapters encode positions as
 * fixed-width strings so that plain string order is log order (and they travel in HTTP headers as is).
 */
export type GlobalPosition = string & { readonly __brand: 'GlobalPosition' };

const WIDTH = 20;

/** Encodes a non-negative integer as a position (embedded adapters use one counter). */
export const positionFromNumber = (n: bigint | number): GlobalPosition =>
  BigInt(n).toString().padStart(WIDTH, '0') as GlobalPosition;

/** Encodes a two-part position (KurrentDB's commit and prepare) with the same ordering guarantee. */
export const positionFromPair = (a: bigint, b: bigint): GlobalPosition =>
  `${a.toString().padStart(WIDTH, '0')}/${b.toString().padStart(WIDTH, '0')}` as GlobalPosition;

export const comparePositions = (a: GlobalPosition, b: GlobalPosition): number =>
  a < b ? -1 : a > b ? 1 : 0;

/** Validates untrusted text (e.g. a header) as a position. */
export const parsePosition = (text: string): GlobalPosition | undefined =>
  /^\d{20}(\/\d{20})?$/.test(text) ? (text as GlobalPosition) : undefined;
