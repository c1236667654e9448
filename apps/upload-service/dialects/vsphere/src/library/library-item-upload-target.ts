import { Inject, Injectable } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import type { UploadSession } from '@upload-sessions/domain';
import type { UploadTargetAdapter } from '@upload-sessions/service-core/dialect/upload-target-adapter';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import { LibraryStreams } from './library-streams';

/** A completed update session's files become the library item's next content version. */
@Injectable()
export class LibraryItemUploadTarget implements UploadTargetAdapter {
  readonly kind = 'library-item';

  constructor(
    @Inject(LibraryStreams) private readonly library: LibraryStreams,
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
  ) {}

  async commitContent(session: UploadSession, context: CommandContext) {
    const { sessionId, target } = session;
    if (target.kind !== 'library-item' || session.completedFiles === null) return E.right(undefined);
    const files = session.completedFiles.map(({ name, size, checksum }) => ({
      name,
      size,
      checksum: { ...checksum },
    }));
    const changed = await this.library.changeItem(target.libraryItemId, context, () =>
      E.right({ type: 'CommitContent', sessionId, files, now: this.sessions.nowIso() }),
    );
    if (E.isLeft(changed)) return changed;
    const after = changed.right.after;
    const version = after.status === 'ACTIVE' ? after.committed[sessionId] : undefined;
    return E.right(version === undefined ? undefined : { targetId: target.libraryItemId, version });
  }
}
