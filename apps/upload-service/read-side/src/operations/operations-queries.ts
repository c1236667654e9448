import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { UploadSession, UploadSessionState } from '@upload-sessions/domain';
import type { TransferRegistry } from '@upload-sessions/service-core/content/transfer-registry';
import type { StreamRow } from '../projections/read-models/stream-state-read-model';
import { DIALECTS, type Dialect, type SessionsQuery } from './operations-query';

/** One session as the operations page lists it. */
export interface SessionSummary {
  readonly session_id: string;
  readonly state: UploadSession['status'];
  readonly dialect: Dialect;
  readonly library_item_id: string | null;
  readonly file_id: string | null;
  /** The item's or file's name, when it is still known. */
  readonly name: string | null;
  /** Declared bytes of every file, or null while some file has no declared size. */
  readonly size: number | null;
  /** Bytes of the files that arrived whole, plus those of transfers in flight on this instance. */
  readonly bytes_received: number;
  readonly bytes_in_flight: number;
  readonly file_count: number;
  readonly created_by: string | null;
  readonly created_at: string;
  readonly last_activity_at: string;
  readonly ended_at: string | null;
  readonly expires_at: string;
  readonly cancel_reason: string | null;
  readonly error_message: string | null;
}

export interface SessionFile {
  readonly name: string;
  readonly status: string;
  readonly declared_size: number | null;
  readonly received_size: number | null;
  readonly bytes_in_flight: number | null;
  readonly checksum: { readonly algorithm: string; readonly value: string } | null;
  readonly declared_checksum: { readonly algorithm: string; readonly value: string } | null;
  readonly received_at: string | null;
  readonly error_message: string | null;
}

export interface SessionsPage {
  readonly sessions: readonly SessionSummary[];
  /** Pass as `after` for the next (older) page; null: this is the last page. */
  readonly next: string | null;
}

export interface Activity {
  readonly by_state: Readonly<Record<string, number>>;
  readonly by_day: readonly { readonly day: string; readonly state: string; readonly count: number }[];
  readonly cancellations: readonly SessionSummary[];
}

interface JoinedRow {
  readonly row: string;
  readonly name: string | null;
  /** The target's own declared size (`state.size` of its row, where it has one): a file's whole size. */
  readonly targetSize: number | null;
}

const dialectOf = (session: UploadSession): Dialect =>
  session.target.kind === DIALECTS.vsphere ? 'vsphere' : 'blendvision';

/**
 * The name of a session's target comes from the dialects' read-model rows (`library_items`,
 * `bv_files`: their `state.name`), joined by the indexed ids; a table of a dialect the service was
 * composed without is left out, and its sessions show no name. Table names only: no dialect code.
 */
const TARGET_TABLES = [
  { table: 'library_items', column: 'library_item_id', param: 'itemName' },
  { table: 'bv_files', column: 'file_id', param: 'fileName' },
] as const;

const joinedQuery = (db: DatabaseSync): string => {
  const exists = db.prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?");
  const present = TARGET_TABLES.map((t, i) => ({
    ...t,
    alias: `t${i}`,
    here: exists.get(t.table) !== undefined,
  }));
  const names = present.map((t) => (t.here ? `json_extract(${t.alias}.row, $${t.param})` : `NULL`));
  const sizes = present.map((t) => (t.here ? `json_extract(${t.alias}.row, '$.state.size')` : `NULL`));
  const joins = present
    .filter((t) => t.here)
    .map((t) => ` LEFT JOIN ${t.table} ${t.alias} ON ${t.alias}.id = s.${t.column}`)
    .join('');
  // Every named parameter is referenced once, whichever tables are present.
  const unused = present
    .filter((t) => !t.here)
    .map((t) => ` AND $${t.param} IS NOT NULL`)
    .join('');
  return (
    `SELECT s.row AS row, COALESCE(${names.join(', ')}, NULL) AS name,` +
    ` COALESCE(${sizes.join(', ')}, NULL) AS targetSize FROM upload_sessions s${joins}` +
    ` WHERE s.organization_id = $org${unused}`
  );
};

/**
 * The operations page's queries over the read models (the upload_sessions table, joined with the
 * items' and files' tables for names) and the transfers this instance is receiving. Read-only.
 */
export class OperationsQueries {
  private readonly list: StatementSync;
  private readonly one: StatementSync;
  private readonly byState: StatementSync;
  private readonly byDay: StatementSync;
  private readonly canceled: StatementSync;

  constructor(
    db: DatabaseSync,
    private readonly transfers: TransferRegistry,
  ) {
    const JOINED = joinedQuery(db);
    // Filters on the indexed columns where there are some (organization, status, target kind, creation
    // position: newest first straight off the (organization_id, first_position) index); the rest from the row.
    this.list = db.prepare(
      `${JOINED}` +
        ' AND ($state IS NULL OR s.status = $state) AND ($kind IS NULL OR s.target_kind = $kind)' +
        ' AND ($name IS NULL OR instr(lower(name), lower($name)) > 0)' +
        " AND ($since IS NULL OR json_extract(s.row, '$.lastOccurredAt') >= $since)" +
        " AND ($until IS NULL OR json_extract(s.row, '$.lastOccurredAt') <= $until)" +
        ' AND ($after IS NULL OR s.first_position < $after)' +
        ' ORDER BY s.first_position DESC LIMIT $limit',
    );
    this.one = db.prepare(`${JOINED} AND s.id = $id`);
    this.byState = db.prepare(
      'SELECT status, count(*) AS n FROM upload_sessions WHERE organization_id = ? GROUP BY status',
    );
    this.byDay = db.prepare(
      "SELECT substr(json_extract(row, '$.firstOccurredAt'), 1, 10) AS day, status, count(*) AS n" +
        " FROM upload_sessions WHERE organization_id = ? AND json_extract(row, '$.firstOccurredAt') >= ?" +
        ' GROUP BY day, status ORDER BY day',
    );
    this.canceled = db.prepare(
      `${JOINED} AND s.outcome = 'CANCELED' ORDER BY json_extract(s.row, '$.state.endedAt') DESC LIMIT $limit`,
    );
  }

  sessions(query: SessionsQuery): SessionsPage {
    const rows = this.list.all({
      ...names,
      org: query.organizationId,
      state: query.state ?? null,
      kind: query.dialect === undefined ? null : DIALECTS[query.dialect],
      name: query.name ?? null,
      since: query.since ?? null,
      until: query.until ?? null,
      after: query.after ?? null,
      limit: query.limit + 1,
    }) as unknown as JoinedRow[];
    const page = rows.slice(0, query.limit).map((r) => this.summary(r));
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return {
      sessions: page.flatMap((s) => (s === undefined ? [] : [s.summary])),
      next: last === undefined ? null : (JSON.parse(last.row) as StreamRow<unknown>).firstPosition,
    };
  }

  /** One session of the organization with its files, or undefined (unknown, or another organization's). */
  session(
    organizationId: string,
    sessionId: string,
  ): { readonly summary: SessionSummary; readonly files: readonly SessionFile[] } | undefined {
    const found = this.one.get({ ...names, org: organizationId, id: sessionId }) as JoinedRow | undefined;
    const read = found === undefined ? undefined : this.summary(found);
    if (read === undefined) return undefined;
    const { session } = read;
    return {
      summary: read.summary,
      files: session.files.map((file) => ({
        name: file.name,
        status: file.status,
        declared_size: file.declaredSize,
        received_size: file.received?.size ?? null,
        bytes_in_flight: this.transfers.progress(session.sessionId, file.name) ?? null,
        checksum: file.received?.checksum ?? null,
        declared_checksum: file.declaredChecksum,
        received_at: file.received?.receivedAt ?? null,
        error_message: file.errorMessage,
      })),
    };
  }

  /** Counts per state, per day (of the sessions started in the last `days` days) and the last cancellations. */
  activity(organizationId: string, days: number, cancellations: number, now: Date): Activity {
    const byState = this.byState.all(organizationId) as { status: string; n: number }[];
    const from = new Date(now.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
    const byDay = this.byDay.all(organizationId, from) as { day: string; status: string; n: number }[];
    const canceled = this.canceled.all({
      ...names,
      org: organizationId,
      limit: cancellations,
    }) as unknown as JoinedRow[];
    return {
      by_state: Object.fromEntries(byState.filter((r) => r.status !== 'NONE').map((r) => [r.status, r.n])),
      by_day: byDay.map((r) => ({ day: r.day, state: r.status, count: r.n })),
      cancellations: canceled.flatMap((r) => {
        const read = this.summary(r);
        return read === undefined ? [] : [read.summary];
      }),
    };
  }

  private summary(joined: JoinedRow): { summary: SessionSummary; session: UploadSession } | undefined {
    const row = JSON.parse(joined.row) as StreamRow<UploadSessionState>;
    const session = row.state;
    if (session.status === 'NONE') return undefined;
    let declared: number | null = 0;
    let received = 0;
    let inFlight = 0;
    for (const file of session.files) {
      declared = declared === null || file.declaredSize === null ? null : declared + file.declaredSize;
      received += file.received?.size ?? 0;
      if (file.received === null) inFlight += this.transfers.progress(session.sessionId, file.name) ?? 0;
    }
    return {
      session,
      summary: {
        session_id: session.sessionId,
        state: session.status,
        dialect: dialectOf(session),
        library_item_id: session.target.kind === 'library-item' ? session.target.libraryItemId : null,
        file_id: session.target.kind === 'file' ? session.target.fileId : null,
        name: joined.name,
        // Parts of a BlendVision upload declare no size of their own: the file's size is the total.
        size: session.files.length === 0 ? null : (declared ?? joined.targetSize ?? null),
        bytes_received: received + inFlight,
        bytes_in_flight: inFlight,
        file_count: session.files.length,
        created_by: row.createdBy,
        created_at: row.firstOccurredAt,
        last_activity_at: row.lastOccurredAt,
        ended_at: session.endedAt,
        expires_at: session.expiresAt,
        cancel_reason: session.cancelReason,
        error_message: session.errorMessage,
      },
    };
  }
}

const names = { itemName: '$.state.name', fileName: '$.state.name' };
