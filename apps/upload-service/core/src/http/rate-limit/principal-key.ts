import type { FastifyRequest } from 'fastify';
import { callerOf, type CallerResolver } from '../../dialect/dialect';

export interface PrincipalKeyDependencies {
  /** The dialects' credential resolvers, in the composition root's order. */
  readonly callers: readonly CallerResolver[];
  /** Path prefixes of the dialects' presigned upload URLs. */
  readonly uploadPrefixes: readonly string[];
}

const ID_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The upload or session a presigned upload path names, if it is one. */
const uploadOf = (url: string, prefixes: readonly string[]): string | undefined => {
  for (const prefix of prefixes.map((p) => `${p}/`)) {
    if (!url.startsWith(prefix)) continue;
    const id = url.slice(prefix.length).split(/[/?]/)[0] ?? '';
    return ID_SEGMENT.test(id) ? id : undefined;
  }
  return undefined;
};

/**
 * Whom a request counts against: the caller a dialect recognises in its credentials (a vSphere user
 * of a live login token, a BlendVision API token by name), the upload a presigned URL names (its
 * holder is the principal), or else the client address, so that unauthenticated requests and guessed
 * credentials are limited too. Credentials are only looked up here; the guards still decide whether
 * they are good enough for the route.
 */
export const principalKeyOf = (request: FastifyRequest, deps: PrincipalKeyDependencies): string => {
  const caller = callerOf(request, deps.callers);
  if (caller !== undefined) return caller.rateLimitKey;
  const upload = request.method === 'PUT' ? uploadOf(request.url, deps.uploadPrefixes) : undefined;
  if (upload !== undefined) return `upload:${upload}`;
  return `address:${request.ip}`;
};
