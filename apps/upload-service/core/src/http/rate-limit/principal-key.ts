import type { FastifyRequest } from 'fastify';
import type { LoginSessions } from '@upload-sessions/dialect-vsphere/auth/login-sessions';
import type { ApiTokenDirectory } from '@upload-sessions/dialect-blendvision/auth/api-token-directory';
import { bearerToken } from '@upload-sessions/dialect-blendvision/auth/api-token-directory';
import { PART_PATH_PREFIX } from '@upload-sessions/dialect-blendvision/uploads/part-url-signer';
import { SESSION_HEADER } from '@upload-sessions/dialect-vsphere/auth/vsphere-auth.guard';
import { UPLOAD_PATH_PREFIX } from '@upload-sessions/dialect-vsphere/upload/upload-uri';

export interface PrincipalKeyDependencies {
  readonly logins: LoginSessions;
  /** Undefined while the BlendVision module is not loaded. */
  readonly apiTokens: () => ApiTokenDirectory | undefined;
}

const ID_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The upload or session a presigned upload path names, if it is one. */
const uploadOf = (url: string): string | undefined => {
  for (const prefix of [`${PART_PATH_PREFIX}/`, `${UPLOAD_PATH_PREFIX}/`]) {
    if (!url.startsWith(prefix)) continue;
    const id = url.slice(prefix.length).split(/[/?]/)[0] ?? '';
    return ID_SEGMENT.test(id) ? id : undefined;
  }
  return undefined;
};

/**
 * Whom a request counts against: the vSphere user of a live login token, the BlendVision API token (by
 * name), the upload a presigned URL names (its holder is the principal), or else the client address,
 * so that unauthenticated requests and guessed credentials are limited too. Credentials are only
 * looked up here; the guards still decide whether they are good enough for the route.
 */
export const principalKeyOf = (request: FastifyRequest, deps: PrincipalKeyDependencies): string => {
  const session = request.headers[SESSION_HEADER];
  if (typeof session === 'string') {
    const principal = deps.logins.resolve(session);
    if (principal !== undefined) return `user:${principal.organizationId}/${principal.username}`;
  }
  const authorization = request.headers['authorization'];
  const token = bearerToken(typeof authorization === 'string' ? authorization : undefined);
  if (token !== undefined) {
    const holder = deps.apiTokens()?.authenticate(token);
    if (holder !== undefined) return `api-token:${holder.name}`;
  }
  const upload = request.method === 'PUT' ? uploadOf(request.url) : undefined;
  if (upload !== undefined) return `upload:${upload}`;
  return `address:${request.ip}`;
};
