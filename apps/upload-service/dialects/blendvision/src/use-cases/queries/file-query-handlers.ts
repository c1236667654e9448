import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import type { ReadModels } from '@upload-sessions/read-side/projections/read-models';
import type { BvFileQueries } from './bv-file-queries';
import { BV_FILE_READ_MODELS } from './bv-file-read-models';
import { bvFileNotFound } from '../../errors/bv-error';
import type { BvResult } from '../bv-result';
import { GetFileQuery, ListFilesQuery, type FilePage } from './file-queries';
import { filtersBeyondTheReadModel, selectFiles } from './file-selection';

// Answered from the bv-files and upload-sessions read models (after the caller's own writes reached them).

@QueryHandler(GetFileQuery)
export class GetFileHandler implements IQueryHandler<GetFileQuery> {
  constructor(@Inject(BV_FILE_READ_MODELS) private readonly readModels: ReadModels<BvFileQueries>) {}

  async execute({ organizationId, fileId }: GetFileQuery) {
    const found = (await this.readModels.forCaller()).bvFile(organizationId, fileId);
    return found === undefined ? E.left(bvFileNotFound(fileId)) : E.right(found);
  }
}

@QueryHandler(ListFilesQuery)
export class ListFilesHandler implements IQueryHandler<ListFilesQuery> {
  constructor(@Inject(BV_FILE_READ_MODELS) private readonly readModels: ReadModels<BvFileQueries>) {}

  async execute(query: ListFilesQuery): Promise<BvResult<FilePage>> {
    const queries = await this.readModels.forCaller();
    const selection = { fileType: query.fileType, succeededOnly: query.filter.all !== true };
    const offset = (query.currentPage - 1) * query.itemsPerPage;
    const page = (files: FilePage['files'], totalItems: number): BvResult<FilePage> =>
      E.right({
        files,
        currentPage: query.currentPage,
        itemsPerPage: query.itemsPerPage,
        totalItems,
        // Every file listed is of the asked type; none of ours has a duration yet.
        videosWithoutDuration: query.fileType === 'FILE_TYPE_VIDEO' ? totalItems : 0,
      });
    if (!filtersBeyondTheReadModel(query.filter)) {
      // Organization, type and outcome are all the read model needs: page and count in SQL.
      const files = queries.bvFiles(query.organizationId, {
        ...selection,
        page: { offset, limit: query.itemsPerPage },
      });
      return page(files, queries.bvFileCount(query.organizationId, selection));
    }
    const selected = selectFiles(
      queries.bvFiles(query.organizationId, selection),
      query.fileType,
      query.filter,
    );
    return page(selected.slice(offset, offset + query.itemsPerPage), selected.length);
  }
}
