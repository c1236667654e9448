import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import type { FileWithUpload } from '../../files/bv-file-streams';
import type { BvResult } from '../bv-result';

export interface ClaimedPart {
  readonly partNumber: number;
  readonly etag: string;
}

/** `:complete-upload`: the listed parts (ascending; S3 size rules) with the etags their PUTs answered. */
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
