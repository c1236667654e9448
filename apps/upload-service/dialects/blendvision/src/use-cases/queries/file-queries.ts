import { Query } from '@nestjs/cqrs';
import type { FileType, ListFileFilter } from '../../codecs/bv-codecs';
import type { FileWithUpload } from '../../files/bv-file-streams';
import type { BvResult } from '../bv-result';

export class GetFileQuery extends Query<BvResult<FileWithUpload>> {
  constructor(
    readonly organizationId: string,
    readonly fileId: string,
  ) {
    super();
  }
}

export interface FilePage {
  readonly files: readonly FileWithUpload[];
  readonly currentPage: number;
  readonly itemsPerPage: number;
  readonly totalItems: number;
  /** Videos in the whole filtered set: none has a known duration here. */
  readonly videosWithoutDuration: number;
}

export class ListFilesQuery extends Query<BvResult<FilePage>> {
  constructor(
    readonly organizationId: string,
    readonly fileType: FileType,
    readonly filter: ListFileFilter,
    /** 1-based. */
    readonly currentPage: number,
    readonly itemsPerPage: number,
  ) {
    super();
  }
}
