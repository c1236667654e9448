import * as t from 'io-ts';
import {
  ClientToken,
  IsoDateTime,
  LibraryId,
  LibraryItemId,
  OrganizationId,
  record,
} from '@upload-sessions/domain';
import { readonlySetOf, Text } from '../text';

export const CreateLocalLibrary = record(
  {
    type: t.literal('CreateLocalLibrary'),
    libraryId: LibraryId,
    organizationId: OrganizationId,
    name: Text,
    description: Text,
    clientToken: t.union([ClientToken, t.null]),
    now: IsoDateTime,
  },
  'CreateLocalLibrary',
);
export type CreateLocalLibrary = t.TypeOf<typeof CreateLocalLibrary>;

/** `liveItemIds`: ids of listed items whose streams exist (an interrupted create leaves a name behind). */
export const AddItem = record(
  {
    type: t.literal('AddItem'),
    libraryItemId: LibraryItemId,
    name: Text,
    liveItemIds: readonlySetOf(LibraryItemId, 'LiveItemIds'),
    now: IsoDateTime,
  },
  'AddItem',
);
export type AddItem = t.TypeOf<typeof AddItem>;

export const LocalLibraryCommand = t.union([CreateLocalLibrary, AddItem], 'LocalLibraryCommand');
export type LocalLibraryCommand = t.TypeOf<typeof LocalLibraryCommand>;
