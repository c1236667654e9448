import * as t from 'io-ts';
import { ChecksumAlgorithm, ChecksumValue, ClientToken, MessageText } from '@upload-sessions/domain';
import { isResourceId, isSafeFileName } from '@upload-sessions/service-core/content/safe-names';

// Request shapes of the vendor spec, checked at the edge. The spec does not forbid unknown fields, so
// they are ignored; the fields the spec defines must have its types.

const refined = (name: string, is: (s: string) => boolean) =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && is(u),
    (u, c) => (typeof u === 'string' && is(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  );

const Int64 = new t.Type<number, number, unknown>(
  'an integer',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u),
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);
const NonNegativeInt64 = new t.Type<number, number, unknown>(
  'a non-negative integer',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** Ids this service hands out: lowercase UUIDs. */
export const ResourceId = refined('an identifier issued by this service', isResourceId);
/** File names that are safe on any file system (see content/safe-names.ts). */
export const SafeFileName = refined(
  'a file name of letters, digits, spaces, dots, dashes, underscores or plus signs (at most 200, not starting with a dot)',
  isSafeFileName,
);
export const ClientTokenParam = ClientToken;

const WarningType = t.keyof(
  {
    SELF_SIGNED_CERTIFICATE: null,
    EXPIRED_CERTIFICATE: null,
    NOT_YET_VALID_CERTIFICATE: null,
    UNTRUSTED_CERTIFICATE: null,
  },
  'a warning type',
);
const WarningBehavior = t.type({ type: WarningType, ignored: t.boolean }, 'a warning behavior');

const SessionState = t.keyof(
  { ACTIVE: null, DONE: null, ERROR: null, CANCELED: null },
  'an update session state',
);

/** The model's fields, all optional, with the spec's types (output-only ones are ignored on input). */
const UpdateSessionModelFields = t.partial({
  id: t.string,
  library_item_id: t.string,
  library_item_content_version: t.string,
  error_message: t.UnknownRecord,
  client_progress: Int64,
  state: SessionState,
  expiration_time: t.string,
  preview_info: t.UnknownRecord,
  warning_behavior: t.array(WarningBehavior),
});

export const UpdateSessionCreate = t.intersection([
  UpdateSessionModelFields,
  t.type({ library_item_id: ResourceId }),
]);
export type UpdateSessionCreate = t.TypeOf<typeof UpdateSessionCreate>;

export const UpdateSessionUpdate = UpdateSessionModelFields;

export const UpdateSessionFail = t.type({ client_error_message: MessageText });

/** Keep-alive's body is optional; progress is a percentage. */
export const UpdateSessionKeepAlive = t.partial({
  client_progress: new t.Type<number, number, unknown>(
    'an integer from 0 to 100',
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= 100,
    (u, c) =>
      typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= 100 ? t.success(u) : t.failure(u, c),
    t.identity,
  ),
});

const TransferEndpoint = t.intersection([
  t.type({ uri: t.string }),
  t.partial({ ssl_certificate_thumbprint: t.string }),
]);

const ChecksumInfo = t.intersection([
  t.type({ checksum: ChecksumValue }),
  t.partial({ algorithm: ChecksumAlgorithm }),
]);

export const FileAddSpec = t.intersection([
  t.type({
    name: SafeFileName,
    source_type: t.keyof({ NONE: null, PUSH: null, PULL: null }, 'a source type'),
  }),
  t.partial({ source_endpoint: TransferEndpoint, size: NonNegativeInt64, checksum_info: ChecksumInfo }),
]);
export type FileAddSpec = t.TypeOf<typeof FileAddSpec>;

const NonBlank = refined(
  'a non-empty string of at most 256 characters',
  (s) => s.trim() !== '' && s.length <= 256,
);
const Text = refined('a string of at most 4096 characters', (s) => s.length <= 4096);

const ItemModelFields = t.partial({
  id: t.string,
  library_id: t.string,
  content_version: t.string,
  creation_time: t.string,
  description: Text,
  last_modified_time: t.string,
  last_sync_time: t.string,
  metadata_version: t.string,
  name: t.string,
  cached: t.boolean,
  size: Int64,
  type: refined('an item type of at most 64 characters', (s) => s.length <= 64),
  version: t.string,
  source_id: t.string,
});

export const ItemCreate = t.intersection([
  ItemModelFields,
  t.type({ library_id: ResourceId, name: NonBlank }),
]);
export type ItemCreate = t.TypeOf<typeof ItemCreate>;

const StorageBacking = t.partial({
  type: t.keyof({ DATASTORE: null, OTHER: null }, 'a storage backing type'),
  datastore_id: t.string,
  storage_uri: t.string,
});

const LibraryModelFields = t.partial({
  id: t.string,
  creation_time: t.string,
  description: Text,
  last_modified_time: t.string,
  last_sync_time: t.string,
  name: t.string,
  storage_backings: t.array(StorageBacking),
  type: t.keyof({ LOCAL: null, SUBSCRIBED: null }, 'a library type'),
  optimization_info: t.UnknownRecord,
  version: t.string,
  publish_info: t.UnknownRecord,
  subscription_info: t.UnknownRecord,
  server_guid: t.string,
});

export const LocalLibraryCreate = t.intersection([LibraryModelFields, t.type({ name: NonBlank })]);
export type LocalLibraryCreate = t.TypeOf<typeof LocalLibraryCreate>;
