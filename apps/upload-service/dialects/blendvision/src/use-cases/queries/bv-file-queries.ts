import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { UploadSessionState } from '@upload-sessions/domain';
import type {
  StreamRow,
  StreamStateReader,
} from '@upload-sessions/read-side/projections/read-models/stream-state-read-model';
import { uploadSessionsReadModel } from '@upload-sessions/read-side/projections/read-models/upload-sessions.read-model';
import type { BvFile, BvFileState } from '../../files/bv-file-decider';
import type { FileWithUpload } from '../../files/bv-file-streams';
import { NO_UPLOAD, summaryOfSession } from '../../files/upload-summary';
import { bvFilesReadModel } from '../../read-models/bv-files.read-model';

export interface BvFileSelection {
  readonly fileType?: string;
  readonly succeededOnly?: boolean;
  readonly page?: { readonly offset: number; readonly limit: number };
}

/** File queries answered from the bv_files read model, joined with upload_sessions for each upload's outcome. */
export class BvFileQueries {
  private readonly sessions: StreamStateReader<UploadSessionState>;
  private readonly files: StreamStateReader<BvFileState>;
  private readonly filesWithUploads: StatementSync;
  private readonly fileCount: StatementSync;

  constructor(db: DatabaseSync) {
    this.sessions = uploadSessionsReadModel.reader(db);
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
