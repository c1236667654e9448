import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import type { UploadFileRequest } from '../../codecs/bv-codecs';
import type { BvFile } from '../../files/bv-file-decider';
import type { BvResult } from '../bv-result';

export interface StartedUpload {
  readonly file: BvFile;
  readonly uploadId: string;
  readonly partCount: number;
  /** When the upload (and so its part URLs) stops being valid. */
  readonly expiresAt: string;
}

/**
 * `files:upload`: creates the file and the upload session that brings its bytes, one slot per part URL
 * (`part-00001` …). Sessions started before parts became S3-like declare each slot's exact size.
 */
export class UploadFileCommand extends Command<BvResult<StartedUpload>> {
  constructor(
    readonly context: CommandContext,
    readonly file: UploadFileRequest['file'],
  ) {
    super();
  }
}
