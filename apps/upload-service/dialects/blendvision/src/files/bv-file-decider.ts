import * as E from 'fp-ts/Either';
import type { Decider } from '@upload-sessions/service-core/event-sourcing/run-decider';
import type { BvError } from '../errors/bv-error';
import type { BvFileEvent, FileMetadataData } from './bv-file-events';

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
  readonly attrs: Readonly<Record<string, string>>;
  readonly metadata: FileMetadataData;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type BvFileState = { readonly status: 'NONE' } | BvFile;

export type BvFileCommand =
  | {
      readonly type: 'CreateBvFile';
      readonly fileId: string;
      readonly organizationId: string;
      readonly uploadId: string;
      readonly fileType: string;
      readonly source: string;
      readonly name: string;
      readonly size: number;
      readonly partSize: number;
      readonly attrs: Readonly<Record<string, string>>;
      readonly metadata: FileMetadataData;
      readonly now: string;
    }
  | {
      readonly type: 'UpdateBvFile';
      readonly fileId: string;
      readonly name: string;
      /** Null: keep the current metadata. */
      readonly metadata: FileMetadataData | null;
      readonly now: string;
    }
  | { readonly type: 'DeleteBvFile'; readonly fileId: string; readonly now: string };

const decide = (command: BvFileCommand, state: BvFileState): E.Either<BvError, readonly BvFileEvent[]> => {
  if (command.type === 'CreateBvFile') {
    if (state.status !== 'NONE') return E.left({ _tag: 'BvFileAlreadyExists', fileId: command.fileId });
    const { type: _type, now, attrs, metadata, ...data } = command;
    return E.right([
      {
        type: 'BvFileCreated',
        data: {
          ...data,
          attrs: { ...attrs },
          metadata: { ...metadata, labels: [...metadata.labels] },
          createdAt: now,
        },
      },
    ]);
  }
  if (state.status !== 'ACTIVE') return E.left({ _tag: 'BvFileNotFound', fileId: command.fileId });
  switch (command.type) {
    case 'UpdateBvFile': {
      const metadata = command.metadata ?? state.metadata;
      return E.right([
        {
          type: 'BvFileUpdated',
          data: {
            name: command.name,
            metadata: { ...metadata, labels: [...metadata.labels] },
            updatedAt: command.now,
          },
        },
      ]);
    }
    case 'DeleteBvFile':
      return E.right([{ type: 'BvFileDeleted', data: { deletedAt: command.now } }]);
  }
};

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

export const bvFileDecider: Decider<BvFileCommand, BvFileEvent, BvFileState, BvError> = {
  decide,
  evolve,
  initialState: { status: 'NONE' },
};

/** Folds events of one file stream (used by the list scan, which reads many streams at once). */
export const foldBvFile = (
  events: readonly BvFileEvent[],
  from: BvFileState = bvFileDecider.initialState,
): BvFileState => events.reduce(evolve, from);
