import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { BvFileStreams } from '../../files/bv-file-streams';
import type { BvResult } from '../bv-result';
import { GetFileQuery, ListFilesQuery, type FilePage } from './file-queries';
import { selectFiles } from './file-selection';

@QueryHandler(GetFileQuery)
export class GetFileHandler implements IQueryHandler<GetFileQuery> {
  constructor(@Inject(BvFileStreams) private readonly files: BvFileStreams) {}

  execute({ organizationId, fileId }: GetFileQuery) {
    return this.files.loadWithUpload(fileId, organizationId);
  }
}

@QueryHandler(ListFilesQuery)
export class ListFilesHandler implements IQueryHandler<ListFilesQuery> {
  constructor(@Inject(BvFileStreams) private readonly files: BvFileStreams) {}

  async execute(query: ListFilesQuery): Promise<BvResult<FilePage>> {
    const all = await this.files.listAll(query.organizationId);
    if (E.isLeft(all)) return all;
    const selected = selectFiles(all.right, query.fileType, query.filter);
    const start = (query.currentPage - 1) * query.itemsPerPage;
    return E.right({
      files: selected.slice(start, start + query.itemsPerPage),
      currentPage: query.currentPage,
      itemsPerPage: query.itemsPerPage,
      totalItems: selected.length,
      videosWithoutDuration: selected.filter(({ file }) => file.fileType === 'FILE_TYPE_VIDEO').length,
    });
  }
}
