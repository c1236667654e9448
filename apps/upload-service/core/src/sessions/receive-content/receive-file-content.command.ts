import type { Readable } from 'node:stream';
import { Command } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { FileState } from '@upload-sessions/domain';
import type { ApplicationError } from '../../application/application-error';
import type { CommandContext } from '../../event-sourcing/command-context';

export interface ReceivedFile {
  /** The file after its content was recorded: READY, or ERROR when size or checksum did not match. */
  readonly file: FileState;
  readonly etag: string;
}

/**
 * The bytes of one file arrive (an HTTP PUT): they are streamed to the session's staging area,
 * measured on the way, and recorded with the domain, which compares them with the declaration.
 */
export class ReceiveFileContentCommand extends Command<Either<ApplicationError, ReceivedFile>> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    readonly fileName: string,
    readonly source: Readable,
    /** A limit of the caller's on top of the file's declared size and the service's maximum. */
    readonly maxBytes: number = Number.MAX_SAFE_INTEGER,
  ) {
    super();
  }
}
