import * as E from 'fp-ts/Either';
import type { EventStore, GlobalFilter, GlobalPosition } from '@upload-sessions/event-store';
import { uploadSessionStream } from '@upload-sessions/service-core/event-sourcing/stream-names';
import type { ReadModel } from '@upload-sessions/service-core/dialect/read-model';
import { auditSessionNotFound, type AuditError } from './audit-error';
import { toAuditEvent, type AuditEvent } from './audit-event';

/** Every stream category the read models read (all the service writes): what an organization's audit trail is read from. */
export const auditedStreamPrefixes = (readModels: readonly ReadModel[]): readonly string[] => [
  ...new Set(readModels.flatMap((m) => m.streamPrefixes)),
];

export interface SessionHistory {
  readonly sessionId: string;
  readonly organizationId: string;
  readonly events: readonly AuditEvent[];
}

export interface OrganizationEventsQuery {
  readonly organizationId: string;
  /** Inclusive, ISO-8601 (compared with when each event occurred). */
  readonly since?: string;
  /** Exclusive. */
  readonly until?: string;
  readonly types?: readonly string[];
  readonly actor?: string;
  readonly correlationId?: string;
  /** The `next` of the previous page. */
  readonly after?: GlobalPosition;
  readonly limit: number;
}

export interface OrganizationEventsPage {
  readonly events: readonly AuditEvent[];
  /** Where the next page starts; null when the log has been read to its end. */
  readonly next: GlobalPosition | null;
  /** Events of the log looked at for this page. */
  readonly scanned: number;
}

export interface AuditTrailOptions {
  /** Most events one page looks at before it answers (with `next`), so that a sparse filter stays bounded. */
  readonly scanBudget?: number;
  readonly readPageSize?: number;
}

const unavailable = (message: string): AuditError => ({ _tag: 'AuditStoreUnavailable', message });

/**
 * Audit queries answered from the event store itself: a session's stream, or the global log read with
 * a filter (by stream category, or by event type when types are asked for: both run server-side on
 * KurrentDB). Other organizations' events never leave this class.
 */
export class AuditTrail {
  constructor(
    private readonly store: EventStore,
    /** See auditedStreamPrefixes. */
    private readonly streamPrefixes: readonly string[],
    private readonly options: AuditTrailOptions = {},
  ) {}

  /** Every event of one session, in order. `organizationId` set: only if the session is that organization's. */
  async sessionHistory(
    sessionId: string,
    organizationId?: string,
  ): Promise<E.Either<AuditError, SessionHistory>> {
    const read = await this.store.readStream(uploadSessionStream(sessionId));
    if (E.isLeft(read)) {
      if (read.left._tag === 'StreamNotFound') return E.left(auditSessionNotFound(sessionId));
      return E.left(unavailable(read.left._tag === 'StoreUnavailable' ? read.left.message : read.left._tag));
    }
    const events = read.right.map(toAuditEvent);
    const owner = events[0]?.organizationId ?? null;
    if (owner === null || (organizationId !== undefined && owner !== organizationId))
      return E.left(auditSessionNotFound(sessionId));
    return E.right({ sessionId, organizationId: owner, events });
  }

  /** One page of an organization's events matching the query, in log order. */
  async organizationEvents(
    query: OrganizationEventsQuery,
  ): Promise<E.Either<AuditError, OrganizationEventsPage>> {
    const budget = Math.max(1, this.options.scanBudget ?? 10_000);
    const pageSize = Math.max(1, this.options.readPageSize ?? 500);
    const limit = Math.max(1, Math.floor(query.limit));
    const types = query.types ?? [];
    const filter: GlobalFilter =
      types.length > 0 ? { eventTypes: types } : { streamPrefixes: this.streamPrefixes };
    const matches = (event: AuditEvent): boolean =>
      event.organizationId === query.organizationId &&
      (types.length === 0 || types.includes(event.type)) &&
      (query.actor === undefined || event.actor?.id === query.actor) &&
      (query.correlationId === undefined || event.correlationId === query.correlationId) &&
      (query.since === undefined || (event.occurredAt ?? event.recordedAt) >= query.since) &&
      (query.until === undefined || (event.occurredAt ?? event.recordedAt) < query.until);

    const found: AuditEvent[] = [];
    let after = query.after;
    let scanned = 0;
    for (;;) {
      const page = await this.store.readAll({
        ...(after !== undefined ? { after } : {}),
        maxCount: Math.min(pageSize, budget - scanned),
        filter,
      });
      if (E.isLeft(page)) return E.left(unavailable(page.left.message));
      for (const recorded of page.right.events) {
        scanned += 1;
        after = recorded.position;
        const event = toAuditEvent(recorded);
        if (!matches(event)) continue;
        found.push(event);
        if (found.length === limit) return E.right({ events: found, next: recorded.position, scanned });
      }
      if (page.right.isEnd || page.right.events.length === 0)
        return E.right({ events: found, next: null, scanned });
      if (scanned >= budget) return E.right({ events: found, next: after ?? null, scanned });
    }
  }
}
