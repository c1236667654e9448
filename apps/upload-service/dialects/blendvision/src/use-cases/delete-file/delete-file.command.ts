import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import type { BvFile } from '../../files/bv-file-decider';
import type { BvResult } from '../bv-result';

/**
 * `DELETE /files/{id}`: an upload still in progress is canceled first (its transfers stop, its parts
 * go), then the file is gone for every reader and its stored content is deleted.
 */
export class DeleteFileCommand extends Command<BvResult<BvFile>> {
  constructor(
    readonly context: CommandContext,
    readonly fileId: string,
  ) {
    super();
  }
}
