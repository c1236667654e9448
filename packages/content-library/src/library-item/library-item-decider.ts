import * as E from 'fp-ts/Either';
import { foldWith, type Decider } from '@upload-sessions/domain';
import type { LibraryError } from '../library-error';
import type { ItemFile } from './item-file';
import type { LibraryItemCommand } from './library-item-commands';
import type { LibraryItemEvent } from './library-item-events';

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
  /** Bumped by every commit: vSphere's item `version`. */
  readonly version: number;
}

export type LibraryItemState = { readonly status: 'NONE' } | LibraryItem;

/**
 * One active update session per item: a claim by the holder is a no-op, a claim by another session
 * is refused while the holder keeps the item (`claimIsFree` false) and taken over otherwise.
 */
const claim = (
  command: Extract<LibraryItemCommand, { type: 'ClaimLibraryItem' }>,
  state: LibraryItem,
): E.Either<LibraryError, readonly LibraryItemEvent[]> => {
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
};

const decide = (
  command: LibraryItemCommand,
  state: LibraryItemState,
): E.Either<LibraryError, readonly LibraryItemEvent[]> => {
  if (command.type === 'CreateLibraryItem') {
    if (state.status !== 'NONE') return E.left({ _tag: 'AlreadyCreated', id: command.libraryItemId });
    const { libraryItemId, libraryId, organizationId, name, description, itemType, clientToken, now } =
      command;
    return E.right([
      {
        type: 'LibraryItemCreated',
        data: {
          libraryItemId,
          libraryId,
          organizationId,
          name,
          description,
          itemType,
          clientToken,
          createdAt: now,
        },
      },
    ]);
  }
  // The command names no item: the application, which knows the id, answers its own not found.
  if (state.status === 'NONE') return E.left({ _tag: 'LibraryItemNotFound', libraryItemId: '' });
  switch (command.type) {
    case 'ClaimLibraryItem':
      return claim(command, state);
    case 'CommitContent':
      // Idempotent: the clean-up sweep may commit a session whose commit was interrupted.
      if (Object.hasOwn(state.committed, command.sessionId)) return E.right([]);
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

/** Never throws: an event that cannot apply (a corrupted stream) leaves the state as it is. */
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

/** The state of a library item after its events. */
export const foldLibraryItem = (
  events: readonly LibraryItemEvent[],
  from: LibraryItemState = libraryItemDecider.initialState,
): LibraryItemState => foldWith(libraryItemDecider, events, from);
