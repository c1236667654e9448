import { createHash, randomUUIDv7 } from 'node:crypto';

/**
 * An id from (kind, organization, client token): a retried create with the same token lands on the
 * same stream and finds what it made (UUID v5-style: SHA-1 of a namespace and the name).
 */
export const idForClientToken = (kind: string, organizationId: string, clientToken: string): string => {
  const hash = createHash('sha1')
    .update(`upload-sessions/${kind}\u0000${organizationId}\u0000${clientToken}`)
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/**
 * A new resource id (session, file, library, item): a UUID v7, whose first 48 bits are the time in ms.
 * Ids made close together sort together, so a commit's new rows land at the right edge of every index
 * keyed by them (the event store's streams, the read models' ids) instead of dirtying one random leaf
 * page per id; the other 74 bits are random, so ids stay unguessable.
 */
export const newId = (): string => randomUUIDv7();
