import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import type { FileType, ListFileFilter } from '../../codecs/bv-codecs';
import type { BvResult } from '../bv-result';

export type BatchDeleteTarget =
  | { readonly kind: 'ids'; readonly ids: readonly string[] }
  | {
      readonly kind: 'select-all';
      readonly fileType: FileType;
      readonly filter: ListFileFilter;
      readonly excludedIds: readonly string[];
    };

export interface BatchDeleteOutcome {
  /** Files that could not be deleted: unknown, already gone, or failed; by id and (when known) name. */
  readonly errorInfos: readonly { readonly id: string; readonly name: string }[];
  readonly deletedCount: number;
  /** For select-all: files still matching, besides the excluded and the failed ones. */
  readonly remainingCount: number;
}

/** `DELETE /files` with `ids` or `select_all`: each file is deleted as `DELETE /files/{id}` would. */
export class BatchDeleteFilesCommand extends Command<BvResult<BatchDeleteOutcome>> {
  constructor(
    readonly context: CommandContext,
    readonly target: BatchDeleteTarget,
  ) {
    super();
  }
}
