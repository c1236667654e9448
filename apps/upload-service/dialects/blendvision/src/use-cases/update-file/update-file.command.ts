import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import type { FileMetadataData } from '../../files/bv-file-events';
import type { FileWithUpload } from '../../files/bv-file-streams';
import type { BvResult } from '../bv-result';

/** `PUT /files/{id}`: a new name, and new metadata when given (null keeps the current one). */
export class UpdateFileCommand extends Command<BvResult<FileWithUpload>> {
  constructor(
    readonly context: CommandContext,
    readonly fileId: string,
    readonly name: string,
    readonly metadata: FileMetadataData | null,
  ) {
    super();
  }
}
