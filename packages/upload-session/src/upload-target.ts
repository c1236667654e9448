import * as t from 'io-ts';
import { ContentVersion, FileId, LibraryItemId } from './ids';
import { record } from './primitives';

/** What a session uploads into: a vSphere library item (at a content version) or a BlendVision file. */
export const LibraryItemTarget = record(
  { kind: t.literal('library-item'), libraryItemId: LibraryItemId, contentVersion: ContentVersion },
  'LibraryItemTarget',
);
export const FileTarget = record({ kind: t.literal('file'), fileId: FileId }, 'FileTarget');

export const UploadTarget = t.union([LibraryItemTarget, FileTarget], 'UploadTarget');
export type UploadTarget = t.TypeOf<typeof UploadTarget>;
