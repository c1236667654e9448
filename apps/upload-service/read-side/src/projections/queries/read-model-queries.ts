import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { instant, type UploadSession, type UploadSessionState } from '@upload-sessions/domain';
import type { ExpiredSessionNominee } from '@upload-sessions/service-core/sessions/expire/expired-sessions-source';
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
  private readonly activeSessions: StatementSync;

  constructor(db: DatabaseSync) {
    this.sessions = uploadSessionsReadModel.reader(db);
    this.activeSessions = db.prepare(
      `SELECT id, organization_id, expires_at FROM ${uploadSessionsReadModel.definition.table}` +
        " WHERE status = 'ACTIVE' ORDER BY first_position",
    );
  }

  /**
   * Up to `limit` ACTIVE sessions whose expiration time is at or before `now` (ms), oldest first. The
   * instants are compared parsed, not as text: an expiresAt may carry any zone offset.
   */
  expiredActiveSessions(now: number, limit: number): ExpiredSessionNominee[] {
    const nominees: ExpiredSessionNominee[] = [];
    if (limit <= 0) return nominees;
    for (const row of this.activeSessions.iterate() as Iterable<{
      id: string;
      organization_id: string | null;
      expires_at: string | null;
    }>) {
      if (row.organization_id === null || row.expires_at === null) continue;
      // Not "expiresAt > now": an unreadable instant is never nominated.
      if (!(instant(row.expires_at) <= now)) continue;
      nominees.push({ sessionId: row.id, organizationId: row.organization_id, expiresAt: row.expires_at });
      if (nominees.length >= limit) break;
    }
    return nominees;
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
