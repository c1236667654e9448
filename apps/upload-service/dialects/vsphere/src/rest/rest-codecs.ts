import * as t from 'io-ts';
import { MessageText } from '@upload-sessions/domain';
import {
  ClientTokenParam,
  FileAddSpec,
  ItemCreate,
  LocalLibraryCreate,
  ResourceId,
  SafeFileName,
  UpdateSessionCreate,
  UpdateSessionKeepAlive,
  UpdateSessionUpdate,
} from '../codecs/vsphere-codecs';

// The legacy `/rest` family sends an operation's parameters as the fields of one JSON object: the
// `/api` request bodies arrive wrapped (`create_spec`, `file_spec`, `update_spec`, `spec`), and
// `client_token` moves from the query into the body. The wrapped shapes are `/api`'s own codecs.

const withClientToken = <C extends t.Mixed>(spec: C) =>
  t.intersection([t.type({ create_spec: spec }), t.partial({ client_token: ClientTokenParam })]);

export const RestLocalLibraryCreate = withClientToken(LocalLibraryCreate);
export const RestItemCreate = withClientToken(ItemCreate);
export const RestUpdateSessionCreate = withClientToken(UpdateSessionCreate);
export const RestUpdateSessionUpdate = t.type({ update_spec: UpdateSessionUpdate });
export const RestFileAdd = t.type({ file_spec: FileAddSpec });
export const RestFileName = t.type({ file_name: SafeFileName });
/** govmomi's `FailLibraryItemUpdateSession` sends no body: the message is optional here. */
export const RestUpdateSessionFail = t.partial({ client_error_message: MessageText });
export const RestUpdateSessionKeepAlive = UpdateSessionKeepAlive;

/** `library?~action=find`: every criterion optional; `name` is matched case-insensitively. */
export const RestLibraryFind = t.type({
  spec: t.partial({ name: t.string, type: t.keyof({ LOCAL: null, SUBSCRIBED: null }, 'a library type') }),
});

/** `library/item?~action=find`. */
export const RestItemFind = t.type({
  spec: t.partial({
    library_id: ResourceId,
    name: t.string,
    type: t.string,
    cached: t.boolean,
    source_id: t.string,
  }),
});
