import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { ReadModels } from '../../../../projections/read-models';
import { bvFileNotFound } from '../../errors/bv-error';
import type { BvResult } from '../bv-result';
import { GetFileQuery, ListFilesQuery, type FilePage } from './file-queries';
import { selectFiles } from './file-selection';

// Answered from the bv-files and upload-sessions read models (after the caller's own writes reached them).

@QueryHandler(GetFileQuery)
export class GetFileHandler implements IQueryHandler<GetFileQuery> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  async execute({ organizationId, fileId }: GetFileQuery) {
    const found = (await this.readModels.forCaller()).bvFile(organizationId, fileId);
    return found === undefined ? E.left(bvFileNotFound(fileId)) : E.right(found);
  }
}

@QueryHandler(ListFilesQuery)
export class ListFilesHandler implements IQueryHandler<ListFilesQuery> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  async execute(query: ListFilesQuery): Promise<BvResult<FilePage>> {
    // The read model narrows by organization, type and outcome; selectFiles applies the rest of the filter.
    const candidates = (await this.readModels.forCaller()).bvFiles(query.organizationId, {
      fileType: query.fileType,
      succeededOnly: query.filter.all !== true,
    });
    const selected = selectFiles(candidates, query.fileType, query.filter);
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
