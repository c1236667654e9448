import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '@upload-sessions/domain';
import type { JsonObject } from '@upload-sessions/event-store';

/** Who asked for a change and within which request: it becomes the metadata of every event written. */
export interface CommandContext {
  readonly actor: EventMetadata['actor'];
  readonly organizationId: string;
  /** Shared by everything one client request (or one sweep) caused. */
  readonly correlationId: string;
  /** The message that directly caused this command: the HTTP request, or an event; null for none. */
  readonly causationId: string | null;
}

/** The metadata stored with each event, in the domain's EventMetadata shape. */
export const eventMetadata = (
  context: CommandContext,
  eventId: string,
  occurredAt: string,
  schemaVersion: number,
): JsonObject => {
  const metadata: EventMetadata = {
    eventId,
    occurredAt,
    actor: context.actor,
    organizationId: context.organizationId,
    correlationId: context.correlationId,
    causationId: context.causationId,
    schemaVersion,
  };
  return { ...metadata, actor: { ...metadata.actor } };
};

/** A context for work the service starts by itself (sweeps): a fresh correlation per run. */
export const systemContext = (
  job: string,
  organizationId: string,
  correlationId: string = randomUUID(),
): CommandContext => ({
  actor: { id: job, kind: 'system' },
  organizationId,
  correlationId,
  causationId: null,
});
