import * as t from 'io-ts';
import { patternString, record } from './primitives';

export const ChecksumAlgorithm = t.keyof(
  { SHA1: null, MD5: null, SHA256: null, SHA512: null },
  'ChecksumAlgorithm',
);
export type ChecksumAlgorithm = t.TypeOf<typeof ChecksumAlgorithm>;

/** Hex or base64 digests. */
export const ChecksumValue = patternString(
  'ChecksumValue (1-256 hex/base64 chars)',
  /^[A-Za-z0-9+/=_-]{1,256}$/,
);

export const Checksum = record({ algorithm: ChecksumAlgorithm, value: ChecksumValue }, 'Checksum');
export type Checksum = t.TypeOf<typeof Checksum>;

const isHex = (s: string): boolean => /^[0-9a-fA-F]+$/.test(s);

/** Same algorithm and same digest; hex digests compare case-insensitively, base64 ones exactly. */
export const checksumsEqual = (a: Checksum, b: Checksum): boolean =>
  a.algorithm === b.algorithm &&
  (isHex(a.value) && isHex(b.value) ? a.value.toLowerCase() === b.value.toLowerCase() : a.value === b.value);
