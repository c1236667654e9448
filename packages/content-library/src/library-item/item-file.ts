import type * as t from 'io-ts';
import { Checksum, FileName, NonNegativeInteger, record } from '@upload-sessions/domain';

/** One file of an item's content: what the committing session received for it. */
export const ItemFile = record({ name: FileName, size: NonNegativeInteger, checksum: Checksum }, 'ItemFile');
export type ItemFile = t.TypeOf<typeof ItemFile>;
