import { createHash } from 'node:crypto';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True when KurrentDB will store and return the id unchanged (it reads UUIDs back in lower case). */
export const isCanonicalUuid = (id: string): boolean => CANONICAL_UUID.test(id);

// A fixed namespace of our own, so name-based ids cannot collide with another tool's v5 UUIDs.
const NAMESPACE = Buffer.from('6f1c3a52e1b94c0e9a4f2d7b8c5e1a30', 'hex');

/**
 * KurrentDB requires UUID event ids, the port allows any string. Other ids map to a name-based
 * (version 5, RFC 9562) UUID: deterministic, so a retry with the same id is still deduplicated.
 */
export const nameBasedUuid = (name: string): string => {
  const bytes = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
