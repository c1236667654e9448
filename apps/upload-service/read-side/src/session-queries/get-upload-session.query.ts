import { Query } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { UploadSession } from '@upload-sessions/domain';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';

export interface UploadSessionView {
  readonly session: UploadSession;
  /** Bytes received so far by transfers in flight on this instance, by file name. */
  readonly inFlight: Readonly<Record<string, number>>;
}

export class GetUploadSessionQuery extends Query<Either<ApplicationError, UploadSessionView>> {
  constructor(
    readonly organizationId: string,
    readonly sessionId: string,
  ) {
    super();
  }
}
