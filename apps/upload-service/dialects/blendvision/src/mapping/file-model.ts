import type { BvFile } from '../files/bv-file-decider';
import { fileStatusOf, type UploadSummary } from '../files/upload-summary';

/** `cms.v1.FileMetadata` as answered. */
export interface FileMetadataModel {
  readonly short_description: string;
  readonly long_description: string;
  readonly labels: readonly string[];
}

/** `cms.v1.File` as answered: proto3 JSON field names, int64 as strings, timestamps in RFC 3339. */
export interface FileModel {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly size: string;
  readonly uri: string;
  readonly source: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly has_subtitle: boolean;
  readonly subtitles: readonly never[];
  readonly status: string;
  readonly metadata: FileMetadataModel;
  readonly created_at: string;
  readonly updated_at: string;
}

const later = (a: string, b: string | null): string => (b !== null && Date.parse(b) > Date.parse(a) ? b : a);

/** The file as BlendVision answers it; its status and last change come from its upload as well. */
export const toFileModel = (file: BvFile, upload: UploadSummary): FileModel => ({
  id: file.id,
  type: file.fileType,
  name: file.name,
  size: String(file.size),
  // Bytes are reached through `:download`'s signed, expiring link, never a lasting URI.
  uri: '',
  source: file.source,
  attrs: { ...file.attrs },
  has_subtitle: false,
  subtitles: [],
  status: fileStatusOf(upload),
  metadata: {
    short_description: file.metadata.shortDescription,
    long_description: file.metadata.longDescription,
    labels: [...file.metadata.labels],
  },
  created_at: file.createdAt,
  updated_at: later(file.updatedAt, upload.endedAt),
});
