import type { DynamicModule, Provider, Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
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
  resolve(request: FastifyRequest): Caller | undefined;
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
  /** Its Nest module: controllers, guards, handlers; raw Fastify routes are providers registering in onModuleInit. */
  readonly module: Type | DynamicModule;
  /** Renders framework errors on its URLs. */
  readonly errorRenderer: DialectErrorRenderer;
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

/**
 * The providers the composition root declares for its dialects (multi-providers, in the order given:
 * the first dialect whose credentials a request carries is the caller).
 */
export const dialectProviders = (dialects: readonly Dialect[]): Provider[] => {
  const resolvers = dialects.flatMap((d) => (d.callerResolver === undefined ? [] : [d.callerResolver]));
  const targets = dialects.flatMap((d) => d.uploadTargets ?? []);
  return [
    { provide: DIALECT_ERROR_RENDERERS, useValue: dialects.map((d) => d.errorRenderer) },
    {
      provide: DIALECT_CALLER_RESOLVERS,
      inject: resolvers,
      useFactory: (...found: CallerResolver[]) => found,
    },
    { provide: DIALECT_UPLOAD_PREFIXES, useValue: dialects.flatMap((d) => d.presignedUploadPrefixes ?? []) },
    { provide: UPLOAD_TARGETS, inject: targets, useFactory: (...found: UploadTargetAdapter[]) => found },
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
