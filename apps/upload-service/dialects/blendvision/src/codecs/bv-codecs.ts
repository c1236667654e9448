import * as t from 'io-ts';

// Request shapes of the BlendVision One CMS file API (`cms.v1.*` in the vendor contract), as
// grpc-gateway reads them: unknown fields are ignored, 64-bit integers may come as strings or numbers.

const enumOf = <K extends string>(name: string, values: readonly K[]) =>
  t.keyof(
    Object.fromEntries(values.map((v) => [v, null])) as Record<K, null>,
    `${name} (one of ${values.join(', ')})`,
  );

export const FILE_TYPES = [
  'FILE_TYPE_VIDEO',
  'FILE_TYPE_IMAGE',
  'FILE_TYPE_SUBTITLE',
  'FILE_TYPE_DOCUMENT',
  'FILE_TYPE_WEB_LINK',
  'FILE_TYPE_AUDIO',
] as const;
export const FileType = enumOf('FileType', FILE_TYPES);
export type FileType = t.TypeOf<typeof FileType>;

export const FileSource = enumOf('FileSource', [
  'FILE_SOURCE_LIVE_EVENT',
  'FILE_SOURCE_UPLOAD_IN_LIBRARY',
  'FILE_SOURCE_ADD_VOD',
  'FILE_SOURCE_CLOUD_STORAGE_AWS',
  'FILE_SOURCE_STT',
  'FILE_SOURCE_ADD_AOD',
  'FILE_SOURCE_AISK',
  'FILE_SOURCE_GOOGLE_DRIVE',
  'FILE_SOURCE_GOOGLE_CALENDAR',
  'FILE_SOURCE_HIGHLIGHT',
  'FILE_SOURCE_TRANSLATE',
  'FILE_SOURCE_LIVE_CLIP',
  'FILE_SOURCE_DUBBING',
  'FILE_SOURCE_SUBTITLE',
  'FILE_SOURCE_MICROSOFT_ONEDRIVE',
  'FILE_SOURCE_MICROSOFT_TEAMS',
  'FILE_SOURCE_VOD_DOWNLOAD',
]);

export const SubtitleFormat = enumOf('SubtitleFormat', ['SUBTITLE_FORMAT_SRT', 'SUBTITLE_FORMAT_VTT']);

const boundedText = (name: string, min: number, max: number) =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && u.length >= min && u.length <= max && !hasControl(u),
    (u, c) =>
      typeof u === 'string' && u.length >= min && u.length <= max && !hasControl(u)
        ? t.success(u)
        : t.failure(u, c),
    t.identity,
  );
// eslint-disable-next-line no-control-regex
const hasControl = (s: string): boolean => /[\u0000-\u001f\u007f]/.test(s);

/** A file name: shown to people, never used as a path, so any printable text up to 255 characters. */
export const FileNameText = boundedText('a name of 1 to 255 characters without control characters', 1, 255);
const Text = boundedText('a string of at most 4096 characters', 0, 4096);
const ShortText = boundedText('a string of at most 255 characters', 0, 255);
const Id = boundedText('a non-empty id', 1, 128);

const integer = (name: string, min: number, max: number) =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= min && u <= max,
    (u, c) => {
      const n = typeof u === 'number' ? u : typeof u === 'string' && /^\d{1,16}$/.test(u) ? Number(u) : NaN;
      return Number.isSafeInteger(n) && n >= min && n <= max ? t.success(n) : t.failure(u, c);
    },
    t.identity,
  );

/** int64 in proto3 JSON: a decimal string ("260543670") or a number. */
export const Int64Size = integer(
  'a size in bytes (int64 as a string or number, 0 or more)',
  0,
  Number.MAX_SAFE_INTEGER,
);
export const PartNumber = integer('a part number (1 to 10000)', 1, 10_000);

const limitedArray = <C extends t.Mixed>(codec: C, max: number, name: string) =>
  t.refinement(t.array(codec), (items) => items.length <= max, name);

export const FileMetadataInput = t.partial({
  short_description: ShortText,
  long_description: Text,
  labels: limitedArray(ShortText, 100, 'at most 100 labels'),
});
export type FileMetadataInput = t.TypeOf<typeof FileMetadataInput>;

const Attrs = t.refinement(
  t.record(ShortText, Text),
  (attrs) => Object.keys(attrs).length <= 50,
  'at most 50 string attributes',
);

/** `cms.v1.UploadFileRequest`: the file to create (type, source, name and size are needed here). */
export const UploadFileRequest = t.type({
  file: t.intersection([
    t.type({ type: FileType, source: FileSource, name: FileNameText, size: Int64Size }),
    t.partial({ attrs: Attrs, metadata: FileMetadataInput }),
  ]),
});
export type UploadFileRequest = t.TypeOf<typeof UploadFileRequest>;

export const CompletePart = t.type({ part_number: PartNumber, etag: boundedText('an etag', 1, 256) });

/** `cms.v1.PublicCMSService.CompleteUploadFileBody`; the deprecated `checksum_sha1` is not checked. */
export const CompleteUploadFileBody = t.type({
  complete_data: t.type({ id: Id, parts: limitedArray(CompletePart, 10_000, 'at most 10000 parts') }),
});
export type CompleteUploadFileBody = t.TypeOf<typeof CompleteUploadFileBody>;

export const CancelUploadFileBody = t.type({ upload_id: Id });

/** `cms.v1.PublicCMSService.DownloadFileBody`: both fields optional (an empty body is `{}`). */
export const DownloadFileBody = t.partial({
  content_disposition: enumOf('ContentDisposition', [
    'CONTENT_DISPOSITION_ATTACHMENT',
    'CONTENT_DISPOSITION_INLINE',
  ]),
  // Served by this service either way: there is no CDN to choose.
  delivery_mode: enumOf('DeliveryMode', ['DELIVERY_MODE_CDN']),
});

export const UpdateFileBody = t.intersection([
  t.type({ name: FileNameText }),
  t.partial({ metadata: FileMetadataInput }),
]);
export type UpdateFileBody = t.TypeOf<typeof UpdateFileBody>;

export const ListFileFilter = t.partial({
  name: ShortText,
  subtitle_formats: t.array(SubtitleFormat),
  all: t.boolean,
  group_ids: t.array(t.string),
  labels: t.array(t.string),
  face_ids: t.array(t.string),
});
export type ListFileFilter = t.TypeOf<typeof ListFileFilter>;

const Ids = limitedArray(t.string, 1000, 'at most 1000 ids');

export const BatchDeleteFilesRequest = t.partial({
  ids: Ids,
  select_all: t.intersection([
    t.type({ type: FileType }),
    t.partial({ filter: ListFileFilter, excluded_ids: Ids }),
  ]),
});
export type BatchDeleteFilesRequest = t.TypeOf<typeof BatchDeleteFilesRequest>;

/** Query string of `GET /bv/cms/v1/library/files`: repeated keys arrive as arrays, single ones as strings. */
const Page = integer('an integer from 0 to 100000', 0, 100_000);
const ItemsPerPage = integer('an integer from 0 to 100', 0, 100);
const StringOrList = t.union([t.string, t.array(t.string)]);
const BooleanText = t.keyof({ true: null, false: null }, 'true or false');

export const ListFilesQuery = t.intersection([
  t.type({ type: FileType }),
  t.partial({
    current_page: Page,
    items_per_page: ItemsPerPage,
    'filter.name': ShortText,
    'filter.all': BooleanText,
    'filter.subtitle_formats': t.union([SubtitleFormat, t.array(SubtitleFormat)]),
    'filter.group_ids': StringOrList,
    'filter.labels': StringOrList,
    'filter.face_ids': StringOrList,
  }),
]);
export type ListFilesQuery = t.TypeOf<typeof ListFilesQuery>;

const asList = <A>(value: A | readonly A[] | undefined): A[] =>
  value === undefined ? [] : Array.isArray(value) ? [...(value as readonly A[])] : [value as A];

/** The query string as the filter `select_all` also takes. */
export const filterOfQuery = (query: ListFilesQuery): ListFileFilter => ({
  ...(query['filter.name'] !== undefined ? { name: query['filter.name'] } : {}),
  ...(query['filter.all'] !== undefined ? { all: query['filter.all'] === 'true' } : {}),
  subtitle_formats: asList(query['filter.subtitle_formats']),
  group_ids: asList(query['filter.group_ids']),
  labels: asList(query['filter.labels']),
  face_ids: asList(query['filter.face_ids']),
});
