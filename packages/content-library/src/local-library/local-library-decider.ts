import * as E from 'fp-ts/Either';
import { foldWith, type Decider } from '@upload-sessions/domain';
import type { LibraryError } from '../library-error';
import type { LocalLibraryCommand } from './local-library-commands';
import type { LocalLibraryEvent } from './local-library-events';

export interface LocalLibrary {
  readonly status: 'ACTIVE';
  readonly id: string;
  readonly organizationId: string;
  readonly name: string;
  readonly description: string;
  readonly clientToken: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly items: readonly { readonly id: string; readonly name: string }[];
  readonly version: number;
}

export type LocalLibraryState = { readonly status: 'NONE' } | LocalLibrary;

const decide = (
  command: LocalLibraryCommand,
  state: LocalLibraryState,
): E.Either<LibraryError, readonly LocalLibraryEvent[]> => {
  if (command.type === 'CreateLocalLibrary') {
    if (state.status !== 'NONE') return E.left({ _tag: 'AlreadyCreated', id: command.libraryId });
    const { libraryId, organizationId, name, description, clientToken, now } = command;
    return E.right([
      {
        type: 'LocalLibraryCreated',
        data: { libraryId, organizationId, name, description, clientToken, createdAt: now },
      },
    ]);
  }
  if (state.status === 'NONE') return E.left({ _tag: 'LibraryNotFound', libraryId: '' });
  // Idempotent: a retried create finds its item listed.
  if (state.items.some((item) => item.id === command.libraryItemId)) return E.right([]);
  const clash = state.items.find((item) => item.name === command.name && command.liveItemIds.has(item.id));
  if (clash !== undefined) return E.left({ _tag: 'ItemNameTaken', libraryId: state.id, name: command.name });
  return E.right([
    {
      type: 'LocalLibraryItemAdded',
      data: { libraryItemId: command.libraryItemId, name: command.name, addedAt: command.now },
    },
  ]);
};

/** Never throws: an event that cannot apply (a corrupted stream) leaves the state as it is. */
const evolve = (state: LocalLibraryState, event: LocalLibraryEvent): LocalLibraryState => {
  if (event.type === 'LocalLibraryCreated') {
    if (state.status !== 'NONE') return state;
    const { libraryId, createdAt, ...rest } = event.data;
    return {
      status: 'ACTIVE',
      id: libraryId,
      ...rest,
      createdAt,
      updatedAt: createdAt,
      items: [],
      version: 1,
    };
  }
  if (state.status === 'NONE') return state;
  return {
    ...state,
    items: [...state.items, { id: event.data.libraryItemId, name: event.data.name }],
    updatedAt: event.data.addedAt,
    version: state.version + 1,
  };
};

export const localLibraryDecider: Decider<
  LocalLibraryCommand,
  LocalLibraryEvent,
  LocalLibraryState,
  LibraryError
> = {
  decide,
  evolve,
  initialState: { status: 'NONE' },
};

/** The state of a local library after its events. */
export const foldLocalLibrary = (
  events: readonly LocalLibraryEvent[],
  from: LocalLibraryState = localLibraryDecider.initialState,
): LocalLibraryState => foldWith(localLibraryDecider, events, from);
