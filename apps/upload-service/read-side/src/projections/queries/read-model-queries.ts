import type { DatabaseSync } from 'node:sqlite';
import type { UploadSession, UploadSessionState } from '@upload-sessions/domain';
import type { StreamRow, StreamStateReader } from '../read-models/stream-state-read-model';
import { uploadSessionsReadModel } from '../read-models/upload-sessions.read-model';

const PAGE = 1000;

/** Every row of a filtered listing, page after page (the listings the dialects answer are unpaged). */
export const everything = <S>(
  reader: StreamStateReader<S>,
  filter: Record<string, string | null>,
): StreamRow<S>[] => {
  const rows: StreamRow<S>[] = [];
  let after: string | undefined;
  for (;;) {
    const page = reader.list(filter, { after, limit: PAGE });
    rows.push(...page.items);
    if (page.next === null) return rows;
    after = page.next;
  }
};

/**
 * What the session queries ask, answered from the upload_sessions read model (synchronously: node:sqlite
 * is; the query-only connection sees whole committed batches). Another organization's sessions, and
 * deleted ones, are not there for the caller. Dialects keep their own queries beside their read models.
 */
export class ReadModelQueries {
  private readonly sessions: StreamStateReader<UploadSessionState>;

  constructor(db: DatabaseSync) {
    this.sessions = uploadSessionsReadModel.reader(db);
  }

  /** The session in whatever state, whoever owns it (for the service's own work). */
  uploadSessionState(sessionId: string): UploadSessionState {
    return this.sessions.get(sessionId)?.state ?? { status: 'NONE' };
  }

  uploadSession(organizationId: string, sessionId: string): UploadSession | undefined {
    const state = this.uploadSessionState(sessionId);
    return state.status !== 'NONE' && state.status !== 'DELETED' && state.organizationId === organizationId
      ? state
      : undefined;
  }

  /** Ids of the sessions (not deleted) of an organization, optionally only one creator's or one item's. */
  uploadSessionIds(filter: { organizationId: string; createdBy?: string; libraryItemId?: string }): string[] {
    return everything(this.sessions, {
      organization_id: filter.organizationId,
      ...(filter.createdBy !== undefined ? { created_by: filter.createdBy } : {}),
      ...(filter.libraryItemId !== undefined ? { library_item_id: filter.libraryItemId } : {}),
    })
      .filter((row) => row.state.status !== 'DELETED' && row.state.status !== 'NONE')
      .map((row) => row.id);
  }
}
