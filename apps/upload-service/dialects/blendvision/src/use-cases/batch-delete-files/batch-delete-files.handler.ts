import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { BvFileStreams } from '../../files/bv-file-streams';
import { selectFiles } from '../queries/file-selection';
import type { BvResult } from '../bv-result';
import { DeleteFileCommand } from '../delete-file/delete-file.command';
import { BatchDeleteFilesCommand, type BatchDeleteOutcome } from './batch-delete-files.command';

@CommandHandler(BatchDeleteFilesCommand)
export class BatchDeleteFilesHandler implements ICommandHandler<BatchDeleteFilesCommand> {
  constructor(
    @Inject(BvFileStreams) private readonly files: BvFileStreams,
    @Inject(CommandBus) private readonly commands: CommandBus,
  ) {}

  async execute({ context, target }: BatchDeleteFilesCommand): Promise<BvResult<BatchDeleteOutcome>> {
    const ids: BvResult<string[]> =
      target.kind === 'ids'
        ? E.right([...new Set(target.ids)])
        : await this.selected(context.organizationId, target);
    if (E.isLeft(ids)) return ids;
    const errorInfos: { id: string; name: string }[] = [];
    let deletedCount = 0;
    // One by one: each deletion is its own use case, and a failure leaves the others done.
    for (const id of ids.right) {
      const deleted = await this.commands.execute(new DeleteFileCommand(context, id));
      if (E.isRight(deleted)) deletedCount++;
      else errorInfos.push({ id, name: '' });
    }
    if (target.kind === 'ids') return E.right({ errorInfos, deletedCount, remainingCount: 0 });
    const left = await this.selected(context.organizationId, target);
    if (E.isLeft(left)) return left;
    const failed = new Set(errorInfos.map((info) => info.id));
    return E.right({
      errorInfos,
      deletedCount,
      remainingCount: left.right.filter((id) => !failed.has(id)).length,
    });
  }

  /** The ids `select_all` names: what `list files` would show with that filter, minus the exclusions. */
  private async selected(
    organizationId: string,
    target: Extract<BatchDeleteFilesCommand['target'], { kind: 'select-all' }>,
  ): Promise<BvResult<string[]>> {
    const all = await this.files.listAll(organizationId);
    if (E.isLeft(all)) return all;
    const excluded = new Set(target.excludedIds);
    return E.right(
      selectFiles(all.right, target.fileType, target.filter)
        .map(({ file }) => file.id)
        .filter((id) => !excluded.has(id)),
    );
  }
}
