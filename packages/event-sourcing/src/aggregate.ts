import * as E from 'fp-ts/Either';
import type { EventStore, JsonObject } from '@upload-sessions/event-store';
import { prepareCommand, type PreparedChange } from './append-together';
import { assumingNewStream } from './assuming-new-stream';
import { runCommand, type CommandResult, type CommandRunner } from './command-runner';
import type { Decider, EventCodec } from './decider';
import type { InfrastructureError } from './infrastructure-error';
import { loadStream } from './load-stream';
import { oneAtATime } from './one-at-a-time';
import type { StreamStateCache } from './stream-state-cache';
import { loadCached, withStreamStateCache } from './with-stream-state-cache';

/** What every command context carries for the owner check: the caller's organization. */
export interface OwnedContext {
  readonly organizationId: string;
}

/**
 * An aggregate type, as configuration: where its streams live, how it decides, how its events are
 * stored, and who may see and change an instance. `V`: the state a caller may see; `W`: the state a
 * caller's command may be decided on (by default the visible one; e.g. also "none yet", to create).
 */
export interface AggregateDefinition<C, Ev, S, Err, V extends S = S, W extends S = V> {
  /** One prefix per aggregate type, so projections and store filters can select a type by prefix. */
  readonly streamPrefix: string;
  readonly decider: Decider<C, Ev, S, Err>;
  readonly codec: EventCodec<Ev>;
  /** Ids that cannot name an instance (e.g. not minted by the service) are not found, and never reach a stream name. */
  readonly isId?: (id: string) => boolean;
  /** Owner check for loads. */
  readonly visible: (state: S, organizationId: string) => state is V;
  /** Owner check for changes; absent: `visible`. */
  readonly changeable?: (state: S, organizationId: string) => state is W;
  /**
   * What a caller gets for an instance it may not see: the same as for one that does not exist.
   * `command`: the command attempted, for errors that name it.
   */
  readonly notFound: (id: string, command?: string) => Err;
}

/** Identity, for type inference of a definition written as an object literal. */
export const defineAggregate = <C, Ev, S, Err, V extends S = S, W extends S = V>(
  definition: AggregateDefinition<C, Ev, S, Err, V, W>,
): AggregateDefinition<C, Ev, S, Err, V, W> => definition;

/** Where and how commands run: the store, the retries, the clock, the state cache, the events' metadata. */
export interface AggregateEnvironment<Ctx extends OwnedContext> {
  readonly store: EventStore;
  readonly retries: number;
  readonly now?: () => Date;
  /** Folded states of recently used streams (see withStreamStateCache); absent: every command reads. */
  readonly cache?: StreamStateCache;
  readonly metadata: (context: Ctx, eventId: string, occurredAt: string, schemaVersion: number) => JsonObject;
}

export interface Aggregate<Ctx extends OwnedContext, C, Ev, S, Err, V extends S, W extends S> {
  readonly definition: AggregateDefinition<C, Ev, S, Err, V, W>;
  streamName(id: string): string;
  /**
   * The state whatever its owner (for the service's own work). `settled`: a remembered state for which
   * it holds is answered without reading the stream (see loadCached).
   */
  loadState(id: string, settled?: (state: S) => boolean): Promise<E.Either<InfrastructureError, S>>;
  /**
   * The caller's instance, or the definition's not-found error (also for another owner's). `settled`:
   * as for loadState (a remembered state for which it holds is answered without reading).
   */
  load(
    id: string,
    organizationId: string,
    command?: string,
    settled?: (state: S) => boolean,
  ): Promise<E.Either<Err | InfrastructureError, V>>;
  /** Decides the command `build` makes of the caller's instance; others' are not found. */
  change(
    id: string,
    context: Ctx,
    build: (state: W) => E.Either<Err, C> | Promise<E.Either<Err, C>>,
    options?: { readonly command?: string },
  ): Promise<CommandResult<Ev, S, Err>>;
  /**
   * Decides a command with no owner check (creations, the service's own work). `newStream`: the id was
   * just drawn at random, so the first attempt does not read (see assumingNewStream).
   */
  handle(
    id: string,
    context: Ctx,
    command: C,
    options?: { readonly newStream?: boolean },
  ): Promise<CommandResult<Ev, S, Err>>;
  /** As `change`, decided but not appended: one part of a write to several streams (see appendTogether). */
  prepareChange(
    id: string,
    context: Ctx,
    build: (state: W) => E.Either<Err, C> | Promise<E.Either<Err, C>>,
    options?: { readonly command?: string },
  ): Promise<E.Either<Err | InfrastructureError, PreparedChange<Ev, S>>>;
  /** As `handle`, decided but not appended (see appendTogether). */
  prepareHandle(
    id: string,
    context: Ctx,
    command: C,
    options?: { readonly newStream?: boolean },
  ): Promise<E.Either<Err | InfrastructureError, PreparedChange<Ev, S>>>;
}

/** An aggregate definition bound to an environment: load, change and handle over any EventStore. */
export const bindAggregate = <Ctx extends OwnedContext, C, Ev, S, Err, V extends S, W extends S>(
  definition: AggregateDefinition<C, Ev, S, Err, V, W>,
  environment: AggregateEnvironment<Ctx>,
): Aggregate<Ctx, C, Ev, S, Err, V, W> => {
  const { store, cache } = environment;
  const { decider, codec } = definition;
  const cached = (runner: CommandRunner): CommandRunner =>
    cache === undefined ? runner : withStreamStateCache(cache)(runner);
  const existing = oneAtATime(cached(runCommand));
  const fresh = oneAtATime(cached(assumingNewStream(runCommand)));
  const changeable =
    definition.changeable ??
    (definition.visible as unknown as (state: S, organizationId: string) => state is W);
  const streamName = (id: string): string => `${definition.streamPrefix}${id}`;
  const validId = (id: string): boolean => definition.isId?.(id) ?? true;

  const request = (
    id: string,
    context: Ctx,
    command: (state: S) => E.Either<Err, C> | Promise<E.Either<Err, C>>,
  ) => ({
    store,
    streamName: streamName(id),
    decider,
    codec,
    command,
    metadata: (eventId: string, occurredAt: string, schemaVersion: number) =>
      environment.metadata(context, eventId, occurredAt, schemaVersion),
    retries: environment.retries,
    ...(environment.now !== undefined ? { now: environment.now } : {}),
  });
  const ownedBy =
    (
      id: string,
      context: Ctx,
      build: (state: W) => E.Either<Err, C> | Promise<E.Either<Err, C>>,
      command: string | undefined,
    ) =>
    (state: S): E.Either<Err, C> | Promise<E.Either<Err, C>> =>
      changeable(state, context.organizationId) ? build(state) : E.left(definition.notFound(id, command));

  const run = (
    runner: CommandRunner,
    id: string,
    context: Ctx,
    command: (state: S) => E.Either<Err, C> | Promise<E.Either<Err, C>>,
  ): Promise<CommandResult<Ev, S, Err>> => runner(request(id, context, command));

  const loadState: Aggregate<Ctx, C, Ev, S, Err, V, W>['loadState'] = async (id, settled) => {
    const loaded =
      cache === undefined
        ? await loadStream(store, streamName(id), decider, codec)
        : await loadCached(store, streamName(id), decider, codec, cache, settled);
    return E.isLeft(loaded) ? loaded : E.right(loaded.right.state);
  };

  return {
    definition,
    streamName,
    loadState,
    load: async (id, organizationId, command, settled) => {
      if (!validId(id)) return E.left(definition.notFound(id, command));
      const state = await loadState(id, settled);
      if (E.isLeft(state)) return state;
      return definition.visible(state.right, organizationId)
        ? E.right(state.right)
        : E.left(definition.notFound(id, command));
    },
    change: (id, context, build, options) => {
      if (!validId(id)) return Promise.resolve(E.left(definition.notFound(id, options?.command)));
      return run(existing, id, context, ownedBy(id, context, build, options?.command));
    },
    handle: (id, context, command, options) => {
      if (!validId(id)) return Promise.resolve(E.left(definition.notFound(id)));
      return run(options?.newStream === true ? fresh : existing, id, context, () => E.right(command));
    },
    prepareChange: (id, context, build, options) => {
      if (!validId(id)) return Promise.resolve(E.left(definition.notFound(id, options?.command)));
      return prepareCommand(request(id, context, ownedBy(id, context, build, options?.command)), {
        ...(cache !== undefined ? { cache } : {}),
      });
    },
    prepareHandle: (id, context, command, options) => {
      if (!validId(id)) return Promise.resolve(E.left(definition.notFound(id)));
      return prepareCommand(
        request(id, context, () => E.right(command)),
        {
          ...(cache !== undefined ? { cache } : {}),
          newStream: options?.newStream === true,
        },
      );
    },
  };
};
