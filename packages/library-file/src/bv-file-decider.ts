import * as E from 'fp-ts/Either';
import { foldWith, type Decider } from '@upload-sessions/domain';
import type { BvFileCommand } from './bv-file-commands';
import type { BvFileError } from './bv-file-error';
import type { BvFileEvent, FileAttrs, FileMetadataData } from './bv-file-events';

/** A BlendVision library file: what the client declared; its status comes from its upload session. */
export interface BvFile {
  readonly status: 'ACTIVE' | 'DELETED';
  readonly id: string;
  readonly organizationId: string;
  readonly uploadId: string;
  readonly fileType: string;
  readonly source: string;
  readonly name: string;
  readonly size: number;
  readonly partSize: number;
  readonly attrs: FileAttrs;
  readonly metadata: FileMetadataData;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type BvFileState = { readonly status: 'NONE' } | BvFile;

const copyOf = (metadata: FileMetadataData): FileMetadataData => ({
  ...metadata,
  labels: [...metadata.labels],
});

const decide = (
  command: BvFileCommand,
  state: BvFileState,
): E.Either<BvFileError, readonly BvFileEvent[]> => {
  if (command.type === 'CreateBvFile') {
    if (state.status !== 'NONE') return E.left({ _tag: 'BvFileAlreadyExists', fileId: command.fileId });
    const { fileId, organizationId, uploadId, fileType, source, name, size, partSize, attrs, metadata, now } =
      command;
    return E.right([
      {
        type: 'BvFileCreated',
        data: {
          fileId,
          organizationId,
          uploadId,
          fileType,
          source,
          name,
          size,
          partSize,
          attrs: { ...attrs },
          metadata: copyOf(metadata),
          createdAt: now,
        },
      },
    ]);
  }
  if (state.status !== 'ACTIVE') return E.left({ _tag: 'BvFileNotFound', fileId: command.fileId });
  switch (command.type) {
    case 'UpdateBvFile':
      return E.right([
        {
          type: 'BvFileUpdated',
          data: {
            name: command.name,
            metadata: copyOf(command.metadata ?? state.metadata),
            updatedAt: command.now,
          },
        },
      ]);
    case 'DeleteBvFile':
      return E.right([{ type: 'BvFileDeleted', data: { deletedAt: command.now } }]);
  }
};

/** Never throws: an event that cannot apply (a corrupted stream) leaves the state as it is. */
const evolve = (state: BvFileState, event: BvFileEvent): BvFileState => {
  if (event.type === 'BvFileCreated') {
    if (state.status !== 'NONE') return state;
    const { fileId, createdAt, ...rest } = event.data;
    return { status: 'ACTIVE', id: fileId, ...rest, createdAt, updatedAt: createdAt };
  }
  if (state.status !== 'ACTIVE') return state;
  switch (event.type) {
    case 'BvFileUpdated':
      return {
        ...state,
        name: event.data.name,
        metadata: event.data.metadata,
        updatedAt: event.data.updatedAt,
      };
    case 'BvFileDeleted':
      return { ...state, status: 'DELETED', updatedAt: event.data.deletedAt };
  }
};

export const bvFileDecider: Decider<BvFileCommand, BvFileEvent, BvFileState, BvFileError> = {
  decide,
  evolve,
  initialState: { status: 'NONE' },
};

/** Folds events of one file stream (the list scan reads many streams at once). */
export const foldBvFile = (
  events: readonly BvFileEvent[],
  from: BvFileState = bvFileDecider.initialState,
): BvFileState => foldWith(bvFileDecider, events, from);
