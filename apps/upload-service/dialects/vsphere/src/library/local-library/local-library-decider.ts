import * as E from 'fp-ts/Either';
import type { Decider } from '@upload-sessions/service-core/event-sourcing/run-decider';
import type { LibraryError } from '@upload-sessions/service-core/application/library-error';
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

export type LocalLibraryCommand =
  | {
      readonly type: 'CreateLocalLibrary';
      readonly libraryId: string;
      readonly organizationId: string;
      readonly name: string;
      readonly description: string;
      readonly clientToken: string | null;
      readonly now: string;
    }
  /** `liveItemIds`: ids of listed items whose streams exist (an interrupted create leaves a name behind). */
  | {
      readonly type: 'AddItem';
      readonly libraryItemId: string;
      readonly name: string;
      readonly liveItemIds: ReadonlySet<string>;
      readonly now: string;
    };

const decide = (
  command: LocalLibraryCommand,
  state: LocalLibraryState,
): E.Either<LibraryError, readonly LocalLibraryEvent[]> => {
  if (command.type === 'CreateLocalLibrary') {
    if (state.status !== 'NONE') return E.left({ _tag: 'AlreadyCreated', id: command.libraryId });
    const { type: _type, now, ...data } = command;
    return E.right([{ type: 'LocalLibraryCreated', data: { ...data, createdAt: now } }]);
  }
  if (state.status === 'NONE') return E.left({ _tag: 'LibraryNotFound', libraryId: '' });
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
