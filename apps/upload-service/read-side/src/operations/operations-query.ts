import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { parseInstant } from '../audit/audit-query';
import { invalidAuditQuery, type AuditError } from '../audit/audit-error';

export const SESSION_STATES = ['ACTIVE', 'DONE', 'ERROR', 'CANCELED', 'DELETED'] as const;
export type SessionStateFilter = (typeof SESSION_STATES)[number];

/** The two families of upload sessions, named by how their target is kind-tagged in the domain. */
export const DIALECTS = { vsphere: 'library-item', blendvision: 'file' } as const;
export type Dialect = keyof typeof DIALECTS;

export const MAX_SESSIONS_PAGE = 200;
export const DEFAULT_SESSIONS_PAGE = 25;

export interface SessionsQuery {
  readonly organizationId: string;
  readonly state?: SessionStateFilter;
  readonly dialect?: Dialect;
  /** Case-insensitive substring of the item's or file's name. */
  readonly name?: string;
  /** Last activity at or after / at or before these instants (ISO-8601). */
  readonly since?: string;
  readonly until?: string;
  /** The `next` of the previous page: sessions created before this position. */
  readonly after?: string;
  readonly limit: number;
}

const Text = t.refinement(t.string, (s) => s.trim() !== '' && s.length <= 256, 'text');
const Raw = t.partial({
  state: t.keyof(
    Object.fromEntries(SESSION_STATES.map((s) => [s, null])) as Record<SessionStateFilter, null>,
  ),
  dialect: t.keyof({ vsphere: null, blendvision: null }),
  name: Text,
  since: Text,
  until: Text,
  after: t.refinement(t.string, (s) => /^[0-9/]{1,64}$/.test(s), 'position'),
  limit: Text,
});

/** Validates the sessions list query at the edge; empty parameters (an unset form field) are absent. */
export const parseSessionsQuery = (
  organizationId: string,
  raw: unknown,
  now: Date = new Date(),
): E.Either<AuditError, SessionsQuery> => {
  const given = Object.fromEntries(
    Object.entries(typeof raw === 'object' && raw !== null ? raw : {}).filter(([, v]) => v !== ''),
  );
  const decoded = Raw.decode(given);
  if (E.isLeft(decoded)) {
    const fields = decoded.left.map((e) =>
      e.context
        .map((c) => c.key)
        .filter((k) => k !== '')
        .join('.'),
    );
    return E.left(invalidAuditQuery(`invalid ${[...new Set(fields)].join(', ') || 'query'}`));
  }
  const q = decoded.right;
  const since = q.since === undefined ? undefined : parseInstant(q.since, now);
  if (q.since !== undefined && since === undefined)
    return E.left(invalidAuditQuery('since: give an ISO-8601 time or a duration ago such as 24h'));
  const until = q.until === undefined ? undefined : parseInstant(q.until, now);
  if (q.until !== undefined && until === undefined)
    return E.left(invalidAuditQuery('until: give an ISO-8601 time or a duration ago such as 1h'));
  const limit = q.limit === undefined ? DEFAULT_SESSIONS_PAGE : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SESSIONS_PAGE)
    return E.left(invalidAuditQuery(`limit: an integer from 1 to ${MAX_SESSIONS_PAGE}`));
  return E.right({
    organizationId,
    limit,
    ...(q.state !== undefined ? { state: q.state } : {}),
    ...(q.dialect !== undefined ? { dialect: q.dialect } : {}),
    ...(q.name !== undefined ? { name: q.name.trim() } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(q.after !== undefined ? { after: q.after } : {}),
  });
};
