import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import type { FileWithUpload } from '../../files/bv-file-streams';
import type { BvResult } from '../bv-result';

export interface ClaimedPart {
  readonly partNumber: number;
  readonly etag: string;
}

/** `:complete-upload`: every part must have arrived, with the etag the client lists for it. */
export class CompleteFileUploadCommand extends Command<BvResult<FileWithUpload>> {
  constructor(
    readonly context: CommandContext,
    readonly fileId: string,
    readonly uploadId: string,
    readonly parts: readonly ClaimedPart[],
  ) {
    super();
  }
}
