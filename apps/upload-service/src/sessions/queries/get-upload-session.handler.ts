import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { TransferRegistry } from '../../content/transfer-registry';
import { SessionRunner } from '../shared/session-runner';
import { GetUploadSessionQuery } from './get-upload-session.query';

/** Reads the session's stream (a projection can replace this later without touching the dialects). */
@QueryHandler(GetUploadSessionQuery)
export class GetUploadSessionHandler implements IQueryHandler<GetUploadSessionQuery> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(TransferRegistry) private readonly transfers: TransferRegistry,
  ) {}

  async execute({ organizationId, sessionId }: GetUploadSessionQuery) {
    const session = await this.sessions.load(sessionId, organizationId);
    if (E.isLeft(session)) return session;
    const inFlight: Record<string, number> = {};
    for (const file of session.right.files) {
      const bytes = this.transfers.progress(sessionId, file.name);
      if (bytes !== undefined) inFlight[file.name] = bytes;
    }
    return E.right({ session: session.right, inFlight });
  }
}
