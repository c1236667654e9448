import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '@upload-sessions/domain';
import {
  oneAtATime,
  runCommand,
  type AggregateEnvironment,
  type CommandRequest,
  type CommandResult,
  type StreamStateCache,
} from '@upload-sessions/event-sourcing';
import type { EventStore, JsonObject } from '@upload-sessions/event-store';

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

/** Where the service's aggregates run commands: its store, retries, clock and state cache; metadata as above. */
export const aggregateEnvironment = (
  store: EventStore,
  retries: number,
  now: () => Date,
  cache: StreamStateCache,
): AggregateEnvironment<CommandContext> => ({ store, retries, now, cache, metadata: eventMetadata });

/** One command through the package's runner, with this context's metadata (seeding and tests). */
export const runWithContext = <C, Ev, S, Err>(
  request: Omit<CommandRequest<C, Ev, S, Err>, 'metadata'> & { readonly context: CommandContext },
): Promise<CommandResult<Ev, S, Err>> =>
  oneAtATime(runCommand)({
    ...request,
    metadata: (eventId, occurredAt, schemaVersion) =>
      eventMetadata(request.context, eventId, occurredAt, schemaVersion),
  });
