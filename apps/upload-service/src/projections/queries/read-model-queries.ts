import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { UploadSession, UploadSessionState } from '@upload-sessions/domain';
import type { BvFile, BvFileState } from '../../dialects/blendvision/files/bv-file-decider';
import type { FileWithUpload } from '../../dialects/blendvision/files/bv-file-streams';
import { NO_UPLOAD, summaryOfSession } from '../../dialects/blendvision/files/upload-summary';
import type { LibraryItem, LibraryItemState } from '../../library/library-item/library-item-decider';
import type { LocalLibrary, LocalLibraryState } from '../../library/local-library/local-library-decider';
import { bvFilesReadModel } from '../read-models/bv-files.read-model';
import { libraryItemsReadModel } from '../read-models/library-items.read-model';
import { localLibrariesReadModel } from '../read-models/local-libraries.read-model';
import type { StreamRow, StreamStateReader } from '../read-models/stream-state-read-model';
import { uploadSessionsReadModel } from '../read-models/upload-sessions.read-model';

const PAGE = 1000;

/** Every row of a filtered listing, page after page (the listings the dialects answer are unpaged). */
const everything = <S>(
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

export interface BvFileSelection {
  readonly fileType?: string;
  readonly succeededOnly?: boolean;
  readonly page?: { readonly offset: number; readonly limit: number };
}

/**
 * What the dialects' queries ask, answered from the read models (synchronously: node:sqlite is; the
 * query-only connection sees whole committed batches). Another organization's entities, and deleted
 * ones, are not there for the caller.
 */
export class ReadModelQueries {
  private readonly sessions: StreamStateReader<UploadSessionState>;
  private readonly items: StreamStateReader<LibraryItemState>;
  private readonly libraries: StreamStateReader<LocalLibraryState>;
  private readonly files: StreamStateReader<BvFileState>;
  private readonly filesWithUploads: StatementSync;
  private readonly fileCount: StatementSync;
  private readonly activeSessions: StatementSync;

  constructor(db: DatabaseSync) {
    this.sessions = uploadSessionsReadModel.reader(db);
    this.items = libraryItemsReadModel.reader(db);
    this.libraries = localLibrariesReadModel.reader(db);
    this.files = bvFilesReadModel.reader(db);
    const liveFiles =
      ' FROM bv_files f LEFT JOIN upload_sessions s ON s.id = f.upload_id' +
      " WHERE f.organization_id = ? AND f.status = 'ACTIVE' AND (? IS NULL OR f.file_type = ?)" +
      " AND (? = 0 OR s.outcome = 'DONE')";
    // LIMIT -1 is SQLite's "no limit": one statement serves whole lists and pages.
    this.filesWithUploads = db.prepare(
      `SELECT f.row AS file, s.row AS session${liveFiles} ORDER BY f.first_position DESC LIMIT ? OFFSET ?`,
    );
    this.fileCount = db.prepare(`SELECT count(*) AS n${liveFiles}`);
    this.activeSessions = db.prepare(
      "SELECT id, organization_id, expires_at FROM upload_sessions WHERE status = 'ACTIVE' ORDER BY first_position",
    );
  }

  /** Every ACTIVE session with its organization and expiration time, in the order they started (the expiry sweep). */
  activeSessionExpiries(): {
    readonly sessionId: string;
    readonly organizationId: string;
    readonly expiresAt: string;
  }[] {
    return (
      this.activeSessions.all() as { id: string; organization_id: string; expires_at: string | null }[]
    ).flatMap((row) =>
      row.expires_at === null
        ? []
        : [{ sessionId: row.id, organizationId: row.organization_id, expiresAt: row.expires_at }],
    );
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

  libraryItem(organizationId: string, itemId: string): LibraryItem | undefined {
    const state = this.items.get(itemId)?.state;
    return state?.status === 'ACTIVE' && state.organizationId === organizationId ? state : undefined;
  }

  /** Ids of a library's items, in the order they were created. */
  libraryItemIds(libraryId: string): string[] {
    return everything(this.items, { library_id: libraryId, status: 'ACTIVE' }).map((row) => row.id);
  }

  localLibrary(organizationId: string, libraryId: string): LocalLibrary | undefined {
    const state = this.libraries.get(libraryId)?.state;
    return state?.status === 'ACTIVE' && state.organizationId === organizationId ? state : undefined;
  }

  localLibraryIds(organizationId: string): string[] {
    return everything(this.libraries, { organization_id: organizationId, status: 'ACTIVE' }).map(
      (row) => row.id,
    );
  }

  /** A file of the organization with its upload's outcome. */
  bvFile(organizationId: string, fileId: string): FileWithUpload | undefined {
    const state = this.files.get(fileId)?.state;
    if (state?.status !== 'ACTIVE' || state.organizationId !== organizationId) return undefined;
    const session = this.sessions.get(state.uploadId)?.state;
    return { file: state, upload: session === undefined ? NO_UPLOAD : summaryOfSession(session) };
  }

  /**
   * The organization's live files, newest first (reverse log order of their creation), optionally of one
   * type and only those whose upload succeeded; `page` narrows them to one page in the query itself.
   */
  bvFiles(organizationId: string, options: BvFileSelection = {}): FileWithUpload[] {
    const rows = this.filesWithUploads.all(
      ...this.fileSelection(organizationId, options),
      options.page?.limit ?? -1,
      options.page?.offset ?? 0,
    ) as { file: string; session: string | null }[];
    return rows.map((row) => {
      const file = (JSON.parse(row.file) as StreamRow<BvFile>).state;
      const session =
        row.session === null ? undefined : (JSON.parse(row.session) as StreamRow<UploadSessionState>).state;
      return { file, upload: session === undefined ? NO_UPLOAD : summaryOfSession(session) };
    });
  }

  /** How many files `bvFiles` answers for the same selection without a page. */
  bvFileCount(organizationId: string, options: BvFileSelection = {}): number {
    const row = this.fileCount.get(...this.fileSelection(organizationId, options)) as { n: number };
    return row.n;
  }

  private fileSelection(
    organizationId: string,
    options: BvFileSelection,
  ): [string, string | null, string | null, number] {
    const type = options.fileType ?? null;
    return [organizationId, type, type, options.succeededOnly === true ? 1 : 0];
  }
}
