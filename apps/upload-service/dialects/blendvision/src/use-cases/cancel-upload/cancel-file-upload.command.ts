import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import type { BvResult } from '../bv-result';

/**
 * `:cancel-upload`: the upload ends, its transfers in flight stop and its parts are deleted. Canceling
 * a canceled upload again succeeds (our policy: safe to retry).
 */
export class CancelFileUploadCommand extends Command<BvResult<void>> {
  constructor(
    readonly context: CommandContext,
    readonly fileId: string,
    readonly uploadId: string,
  ) {
    super();
  }
}
