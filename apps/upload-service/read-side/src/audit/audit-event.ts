import type { GlobalPosition, JsonObject, RecordedEvent } from '@upload-sessions/event-store';

/** One event as an auditor reads it: what happened, to which stream, when, by whom, within which request. */
export interface AuditEvent {
  readonly position: GlobalPosition;
  readonly stream: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  /** When the command that wrote it ran (the service's clock). */
  readonly occurredAt: string | null;
  /** When the store recorded it. */
  readonly recordedAt: string;
  readonly actor: { readonly id: string; readonly kind: string | null } | null;
  readonly organizationId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  /** The payload as stored (older schema versions are shown as written, not upcast). */
  readonly data: JsonObject;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export const toAuditEvent = (event: RecordedEvent): AuditEvent => {
  const { metadata } = event;
  const actor = metadata['actor'];
  const actorId =
    typeof actor === 'object' && actor !== null && !Array.isArray(actor) ? text(actor['id']) : null;
  const actorKind =
    typeof actor === 'object' && actor !== null && !Array.isArray(actor) ? text(actor['kind']) : null;
  const version = metadata['schemaVersion'];
  return {
    position: event.position,
    stream: event.streamName,
    revision: event.revision,
    eventId: event.id,
    type: event.type,
    schemaVersion: typeof version === 'number' ? version : 1,
    occurredAt: text(metadata['occurredAt']),
    recordedAt: event.recordedAt,
    actor: actorId === null ? null : { id: actorId, kind: actorKind },
    organizationId: text(metadata['organizationId']) ?? text(event.data['organizationId']),
    correlationId: text(metadata['correlationId']),
    causationId: text(metadata['causationId']),
    data: event.data,
  };
};

/** The snake_case JSON the HTTP API and the CLI's --json print. */
export const auditEventJson = (event: AuditEvent) => ({
  position: event.position,
  stream: event.stream,
  revision: event.revision,
  event_id: event.eventId,
  type: event.type,
  schema_version: event.schemaVersion,
  occurred_at: event.occurredAt,
  recorded_at: event.recordedAt,
  actor: event.actor,
  organization_id: event.organizationId,
  correlation_id: event.correlationId,
  causation_id: event.causationId,
  data: event.data,
});
