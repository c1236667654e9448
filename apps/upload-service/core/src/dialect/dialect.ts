import type { DynamicModule, Provider, Type } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RecordedEvent } from '@upload-sessions/event-store';
import { DIALECT_ERROR_RENDERERS, type DialectErrorRenderer } from '../http/dialect-http-error';
import type { ReadModel } from './read-model';
import type { UploadTargetAdapter } from './upload-target-adapter';

/** Who sent a request, by one dialect's credentials. */
export interface Caller {
  /** The user's or the API token's name (never a secret). */
  readonly name: string;
  /** The organizations it may act for. */
  readonly organizationIds: readonly string[];
  /** Whom the request counts against in rate limiting, e.g. `user:<org>/<name>`. */
  readonly rateLimitKey: string;
}

/**
 * Credentials → caller, for the shared parts that authenticate without knowing a dialect (audit
 * reads, rate limiting). It only looks credentials up; the dialect's guards still decide its routes.
 */
export interface CallerResolver {
  /** Cheap, from what this instance already knows (rate limiting runs it on every request). */
  resolve(request: FastifyRequest): Caller | undefined;
  /** Authoritative where credentials live outside the process (e.g. login sessions in the store). */
  verify?(request: FastifyRequest): Promise<Caller | undefined>;
}

/**
 * Routes a dialect serves outside Nest's controllers, straight on Fastify (bodies streamed as they
 * arrive, presigned URLs). The composition root registers every dialect's at one point, after the
 * service's error handler, body parsers and hooks and before the application initialises, so they run
 * behind the same hooks (read-your-writes, rate limiting, metrics) as the controllers' routes.
 */
export interface RawRoutes {
  register(fastify: FastifyInstance): Promise<void> | void;
}

/** What the clean-up processor does for a dialect's event: delete an item's content (or nothing). */
export type CleanUpAction =
  { readonly kind: 'item'; readonly id: string; readonly reason: string } | { readonly kind: 'none' };

/** Content a dialect's events release (e.g. a deleted file's content): the clean-up processor acts on them. */
export interface CleanUpContribution {
  readonly streamPrefix: string;
  readonly eventTypes: readonly string[];
  actionFor(event: RecordedEvent): CleanUpAction;
}

/**
 * What a dialect plugs into the service. The composition root lists the dialects; core, read side and
 * the HTTP machinery see only these contributions, never a dialect's code.
 */
export interface Dialect {
  readonly name: string;
  /** Its Nest module: controllers, guards, handlers, and the providers its contributions name. */
  readonly module: Type | DynamicModule;
  /** Providers of the module (exported by it) registering its raw Fastify routes (see RawRoutes). */
  readonly rawRoutes?: readonly Type<RawRoutes>[];
  /** Renders framework errors on its URLs. */
  readonly errorRenderer: DialectErrorRenderer;
  /** Renderers of its other URL families with their own error shape (vSphere's legacy `/rest`). */
  readonly otherErrorRenderers?: readonly DialectErrorRenderer[];
  /** A provider of the module (exported by it) resolving the dialect's credentials. */
  readonly callerResolver?: Type<CallerResolver>;
  /** Path prefixes of its presigned upload URLs: a PUT there counts against the upload it names. */
  readonly presignedUploadPrefixes?: readonly string[];
  /** Providers of the module (exported by it) for the session targets it owns (start/commit). */
  readonly uploadTargets?: readonly Type<UploadTargetAdapter>[];
  /** Its read models, kept by the read side's projection runner. */
  readonly readModels?: readonly ReadModel[];
  /** Content its events release, for the clean-up processor. */
  readonly cleanUp?: readonly CleanUpContribution[];
}

export const DIALECT_CALLER_RESOLVERS = Symbol('DialectCallerResolvers');
export const DIALECT_UPLOAD_PREFIXES = Symbol('DialectUploadPrefixes');
export const UPLOAD_TARGETS = Symbol('UploadTargets');
export const DIALECT_RAW_ROUTES = Symbol('DialectRawRoutes');

/**
 * The providers the composition root declares for its dialects (multi-providers, in the order given:
 * the first dialect whose credentials a request carries is the caller).
 */
export const dialectProviders = (dialects: readonly Dialect[]): Provider[] => {
  const resolvers = dialects.flatMap((d) => (d.callerResolver === undefined ? [] : [d.callerResolver]));
  const targets = dialects.flatMap((d) => d.uploadTargets ?? []);
  const rawRoutes = dialects.flatMap((d) => d.rawRoutes ?? []);
  return [
    {
      provide: DIALECT_ERROR_RENDERERS,
      useValue: dialects.flatMap((d) => [d.errorRenderer, ...(d.otherErrorRenderers ?? [])]),
    },
    {
      provide: DIALECT_CALLER_RESOLVERS,
      inject: resolvers,
      useFactory: (...found: CallerResolver[]) => found,
    },
    { provide: DIALECT_UPLOAD_PREFIXES, useValue: dialects.flatMap((d) => d.presignedUploadPrefixes ?? []) },
    { provide: UPLOAD_TARGETS, inject: targets, useFactory: (...found: UploadTargetAdapter[]) => found },
    { provide: DIALECT_RAW_ROUTES, inject: rawRoutes, useFactory: (...found: RawRoutes[]) => found },
  ];
};

/** The first caller any dialect recognises in the request's credentials. */
export const callerOf = (
  request: FastifyRequest,
  resolvers: readonly CallerResolver[],
): Caller | undefined => {
  for (const resolver of resolvers) {
    const caller = resolver.resolve(request);
    if (caller !== undefined) return caller;
  }
  return undefined;
};

/** The first caller any dialect recognises, checked authoritatively where a dialect can (audit). */
export const verifiedCallerOf = async (
  request: FastifyRequest,
  resolvers: readonly CallerResolver[],
): Promise<Caller | undefined> => {
  for (const resolver of resolvers) {
    const caller = resolver.verify !== undefined ? await resolver.verify(request) : resolver.resolve(request);
    if (caller !== undefined) return caller;
  }
  return undefined;
};

/** Registers every dialect's raw routes, in the dialects' order (the one place raw routes are registered). */
export const registerRawRoutes = async (
  fastify: FastifyInstance,
  routes: readonly RawRoutes[],
): Promise<void> => {
  for (const route of routes) await route.register(fastify);
};
