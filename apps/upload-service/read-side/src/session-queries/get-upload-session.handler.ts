import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { sessionNotFound } from '@upload-sessions/domain';
import { TransferRegistry } from '@upload-sessions/service-core/content/transfer-registry';
import { ReadModels } from '../projections/read-models';
import { GetUploadSessionQuery } from './get-upload-session.query';

/** Answered from the upload-sessions read model (after the caller's own writes have reached it). */
@QueryHandler(GetUploadSessionQuery)
export class GetUploadSessionHandler implements IQueryHandler<GetUploadSessionQuery> {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(TransferRegistry) private readonly transfers: TransferRegistry,
  ) {}

  async execute({ organizationId, sessionId }: GetUploadSessionQuery) {
    const session = (await this.readModels.forCaller()).uploadSession(organizationId, sessionId);
    if (session === undefined) return E.left(sessionNotFound('RecordContent', sessionId));
    const inFlight: Record<string, number> = {};
    for (const file of session.files) {
      const bytes = this.transfers.progress(sessionId, file.name);
      if (bytes !== undefined) inFlight[file.name] = bytes;
    }
    return E.right({ session, inFlight });
  }
}
