import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { parsePosition } from '@upload-sessions/event-store';
import { invalidAuditQuery, type AuditError } from './audit-error';
import type { OrganizationEventsQuery } from './audit-trail';

export const MAX_AUDIT_PAGE = 1000;
export const DEFAULT_AUDIT_PAGE = 100;

const DURATION = /^(\d{1,6})([smhd])$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** An instant as ISO-8601 (a date alone is its midnight UTC), or a duration ago such as `15m`, `24h`, `7d`. */
export const parseInstant = (text: string, now: Date): string | undefined => {
  const duration = DURATION.exec(text.trim());
  if (duration !== null) {
    const unit = duration[2] as keyof typeof UNIT_MS;
    return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[unit]).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};

const Text = t.refinement(t.string, (s) => s.trim() !== '' && s.length <= 256, 'text');
const TextOrList = t.union([Text, t.array(Text)]);

/** The organization query as it arrives: HTTP query parameters, or the CLI's options under the same names. */
export const RawOrganizationQuery = t.partial({
  since: Text,
  until: Text,
  /** Repeated, or comma-separated. */
  type: TextOrList,
  actor: Text,
  correlation_id: Text,
  after: Text,
  limit: Text,
});
export type RawOrganizationQuery = t.TypeOf<typeof RawOrganizationQuery>;

const list = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** Validates and normalises an organization query at the edge. */
export const parseOrganizationQuery = (
  organizationId: string,
  raw: unknown,
  now: Date = new Date(),
): E.Either<AuditError, OrganizationEventsQuery> => {
  const decoded = RawOrganizationQuery.decode(raw ?? {});
  if (E.isLeft(decoded)) {
    const fields = decoded.left.map((e) =>
      e.context
        .map((c) => c.key)
        .filter((k) => k !== '' && !/^\d+$/.test(k))
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
  const after = q.after === undefined ? undefined : parsePosition(q.after.trim());
  if (q.after !== undefined && after === undefined)
    return E.left(invalidAuditQuery('after: give the `next` position of the previous page'));
  const limit = q.limit === undefined ? DEFAULT_AUDIT_PAGE : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) {
    return E.left(invalidAuditQuery(`limit: an integer from 1 to ${MAX_AUDIT_PAGE}`));
  }
  const types = list(q.type);
  return E.right({
    organizationId,
    limit,
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(types.length > 0 ? { types } : {}),
    ...(q.actor !== undefined ? { actor: q.actor.trim() } : {}),
    ...(q.correlation_id !== undefined ? { correlationId: q.correlation_id.trim() } : {}),
    ...(after !== undefined ? { after } : {}),
  });
};
