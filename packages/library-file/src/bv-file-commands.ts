import * as t from 'io-ts';
import {
  FileId,
  IsoDateTime,
  NonNegativeInteger,
  OrganizationId,
  record,
  SessionId,
} from '@upload-sessions/domain';
import { FileAttrs, FileMetadataData } from './bv-file-events';

export const CreateBvFile = record(
  {
    type: t.literal('CreateBvFile'),
    fileId: FileId,
    organizationId: OrganizationId,
    uploadId: SessionId,
    fileType: t.string,
    source: t.string,
    name: t.string,
    size: NonNegativeInteger,
    partSize: NonNegativeInteger,
    attrs: FileAttrs,
    metadata: FileMetadataData,
    now: IsoDateTime,
  },
  'CreateBvFile',
);
export type CreateBvFile = t.TypeOf<typeof CreateBvFile>;

export const UpdateBvFile = record(
  {
    type: t.literal('UpdateBvFile'),
    fileId: FileId,
    name: t.string,
    /** Null: keep the current metadata. */
    metadata: t.union([FileMetadataData, t.null]),
    now: IsoDateTime,
  },
  'UpdateBvFile',
);
export type UpdateBvFile = t.TypeOf<typeof UpdateBvFile>;

export const DeleteBvFile = record(
  { type: t.literal('DeleteBvFile'), fileId: FileId, now: IsoDateTime },
  'DeleteBvFile',
);
export type DeleteBvFile = t.TypeOf<typeof DeleteBvFile>;

export const BvFileCommand = t.union([CreateBvFile, UpdateBvFile, DeleteBvFile], 'BvFileCommand');
export type BvFileCommand = t.TypeOf<typeof BvFileCommand>;
