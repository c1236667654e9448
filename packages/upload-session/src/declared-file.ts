import * as t from 'io-ts';
import { Checksum } from './checksum';
import { FileName } from './ids';
import { NonNegativeInteger, record } from './primitives';

/** A file slot as the client declares it: the expected size and checksum are checked when content arrives. */
export const declaredFileProps = {
  name: FileName,
  size: t.union([NonNegativeInteger, t.null]),
  checksum: t.union([Checksum, t.null]),
};

export const DeclaredFile = record(declaredFileProps, 'DeclaredFile');
export type DeclaredFile = t.TypeOf<typeof DeclaredFile>;
