import type { ItemFile } from '../library-item/item-file';
import type { LibraryItemCommand } from '../library-item/library-item-commands';
import type { LibraryItemEvent } from '../library-item/library-item-events';
import type { LocalLibraryCommand } from '../local-library/local-library-commands';
import type { LocalLibraryEvent } from '../local-library/local-library-events';

/** Instants a minute apart from a fixed origin: `at(0)`, `at(1)`, … */
export const at = (minute: number): string => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

export const ORGANIZATION = 'acme';
export const LIBRARY = '0c6f2a1e-5a53-4a4c-9d1f-6b0f6c1d2e3f';
export const ITEM = '6a1f1f7e-3b54-4b0e-8f2a-2f9c4c2b1d10';

export const isoFile = (name = 'disk.iso', size = 10): ItemFile => ({
  name,
  size,
  checksum: { algorithm: 'SHA256', value: 'ab'.repeat(32) },
});

/** Library item commands with fixed ids, the time as a minute from `at`. */
export const itemCommand = {
  create: (minute = 0): Extract<LibraryItemCommand, { type: 'CreateLibraryItem' }> => ({
    type: 'CreateLibraryItem',
    libraryItemId: ITEM,
    libraryId: LIBRARY,
    organizationId: ORGANIZATION,
    name: 'ubuntu',
    description: '',
    itemType: 'iso',
    clientToken: null,
    now: at(minute),
  }),
  claim: (sessionId: string, claimIsFree: boolean, minute = 1): LibraryItemCommand => ({
    type: 'ClaimLibraryItem',
    sessionId,
    claimIsFree,
    now: at(minute),
  }),
  commit: (sessionId: string, files: readonly ItemFile[] = [isoFile()], minute = 2): LibraryItemCommand => ({
    type: 'CommitContent',
    sessionId,
    files,
    now: at(minute),
  }),
};

/** The library item events those commands lead to. */
export const itemEvent = {
  created: (minute = 0): LibraryItemEvent => ({
    type: 'LibraryItemCreated',
    data: {
      libraryItemId: ITEM,
      libraryId: LIBRARY,
      organizationId: ORGANIZATION,
      name: 'ubuntu',
      description: '',
      itemType: 'iso',
      clientToken: null,
      createdAt: at(minute),
    },
  }),
  claimed: (sessionId: string, minute = 1): LibraryItemEvent => ({
    type: 'LibraryItemClaimedByUpdateSession',
    data: { sessionId, claimedAt: at(minute) },
  }),
  committed: (
    sessionId: string,
    contentVersion: number,
    files: readonly ItemFile[] = [isoFile()],
    minute = 2,
  ): LibraryItemEvent => ({
    type: 'LibraryItemContentCommitted',
    data: { sessionId, contentVersion, files, committedAt: at(minute) },
  }),
};

/** Local library commands with fixed ids. */
export const libraryCommand = {
  create: (minute = 0): LocalLibraryCommand => ({
    type: 'CreateLocalLibrary',
    libraryId: LIBRARY,
    organizationId: ORGANIZATION,
    name: 'isos',
    description: 'install media',
    clientToken: null,
    now: at(minute),
  }),
  addItem: (
    libraryItemId: string,
    name: string,
    liveItemIds: readonly string[] = [],
    minute = 1,
  ): LocalLibraryCommand => ({
    type: 'AddItem',
    libraryItemId,
    name,
    liveItemIds: new Set(liveItemIds),
    now: at(minute),
  }),
};

export const libraryEvent = {
  created: (minute = 0): LocalLibraryEvent => ({
    type: 'LocalLibraryCreated',
    data: {
      libraryId: LIBRARY,
      organizationId: ORGANIZATION,
      name: 'isos',
      description: 'install media',
      clientToken: null,
      createdAt: at(minute),
    },
  }),
  itemAdded: (libraryItemId: string, name: string, minute = 1): LocalLibraryEvent => ({
    type: 'LocalLibraryItemAdded',
    data: { libraryItemId, name, addedAt: at(minute) },
  }),
};
