import * as E from 'fp-ts/Either';
import type { Decider } from '@upload-sessions/service-core/event-sourcing/run-decider';
import type { LibraryError } from '@upload-sessions/service-core/application/library-error';
import type { ItemFile, LibraryItemEvent } from './library-item-events';

export interface LibraryItem {
  readonly status: 'ACTIVE';
  readonly id: string;
  readonly libraryId: string;
  readonly organizationId: string;
  readonly name: string;
  readonly description: string;
  readonly itemType: string;
  readonly clientToken: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Starts at 1 (the empty item); each committed session adds one. */
  readonly contentVersion: number;
  readonly files: readonly ItemFile[];
  readonly claimedBy: string | null;
  /** When the current claim was made (a claim whose session never appears lapses after a session timeout). */
  readonly claimedAt: string | null;
  /** Content version each committed session produced. */
  readonly committed: Readonly<Record<string, number>>;
  /** Bumped by every event: vSphere's item `version`. */
  readonly version: number;
}

export type LibraryItemState = { readonly status: 'NONE' } | LibraryItem;

export type LibraryItemCommand =
  | {
      readonly type: 'CreateLibraryItem';
      readonly libraryItemId: string;
      readonly libraryId: string;
      readonly organizationId: string;
      readonly name: string;
      readonly description: string;
      readonly itemType: string;
      readonly clientToken: string | null;
      readonly now: string;
    }
  /** `claimIsFree`: the application checked that the current claimant (if any) is no longer ACTIVE. */
  | {
      readonly type: 'ClaimLibraryItem';
      readonly sessionId: string;
      readonly claimIsFree: boolean;
      readonly now: string;
    }
  | {
      readonly type: 'CommitContent';
      readonly sessionId: string;
      readonly files: readonly ItemFile[];
      readonly now: string;
    };

const decide = (
  command: LibraryItemCommand,
  state: LibraryItemState,
): E.Either<LibraryError, readonly LibraryItemEvent[]> => {
  if (command.type === 'CreateLibraryItem') {
    if (state.status !== 'NONE') return E.left({ _tag: 'AlreadyCreated', id: command.libraryItemId });
    const { type: _type, now, ...data } = command;
    return E.right([{ type: 'LibraryItemCreated', data: { ...data, createdAt: now } }]);
  }
  if (state.status === 'NONE') return E.left({ _tag: 'LibraryItemNotFound', libraryItemId: '' });
  switch (command.type) {
    case 'ClaimLibraryItem':
      if (state.claimedBy === command.sessionId) return E.right([]);
      if (state.claimedBy !== null && !command.claimIsFree) {
        return E.left({ _tag: 'ResourceBusy', libraryItemId: state.id, sessionId: state.claimedBy });
      }
      return E.right([
        {
          type: 'LibraryItemClaimedByUpdateSession',
          data: { sessionId: command.sessionId, claimedAt: command.now },
        },
      ]);
    case 'CommitContent':
      // Idempotent: the clean-up sweep may commit a session whose commit was interrupted.
      if (command.sessionId in state.committed) return E.right([]);
      return E.right([
        {
          type: 'LibraryItemContentCommitted',
          data: {
            sessionId: command.sessionId,
            contentVersion: state.contentVersion + 1,
            files: [...command.files],
            committedAt: command.now,
          },
        },
      ]);
  }
};

const evolve = (state: LibraryItemState, event: LibraryItemEvent): LibraryItemState => {
  if (event.type === 'LibraryItemCreated') {
    if (state.status !== 'NONE') return state;
    const { libraryItemId, createdAt, ...rest } = event.data;
    return {
      status: 'ACTIVE',
      id: libraryItemId,
      ...rest,
      createdAt,
      updatedAt: createdAt,
      contentVersion: 1,
      files: [],
      claimedBy: null,
      claimedAt: null,
      committed: {},
      version: 1,
    };
  }
  if (state.status === 'NONE') return state;
  switch (event.type) {
    case 'LibraryItemClaimedByUpdateSession':
      return { ...state, claimedBy: event.data.sessionId, claimedAt: event.data.claimedAt };
    case 'LibraryItemContentCommitted':
      return {
        ...state,
        contentVersion: event.data.contentVersion,
        files: event.data.files,
        committed: { ...state.committed, [event.data.sessionId]: event.data.contentVersion },
        updatedAt: event.data.committedAt,
        version: state.version + 1,
      };
  }
};

export const libraryItemDecider: Decider<
  LibraryItemCommand,
  LibraryItemEvent,
  LibraryItemState,
  LibraryError
> = {
  decide,
  evolve,
  initialState: { status: 'NONE' },
};
