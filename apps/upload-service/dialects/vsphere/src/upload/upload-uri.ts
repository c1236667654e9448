import type { FastifyRequest } from 'fastify';
import type { Principal } from '@upload-sessions/service-core/auth/principal';
import type { UploadUrlSigner } from '../auth/upload-url-signer';

export const UPLOAD_PATH_PREFIX = '/cls/data';

/**
 * The address a client PUTs a file's bytes to: on this service, carrying a signed grant for that
 * one file, so the URI alone authorises the upload (until the grant expires; a fresh one comes with
 * every file info). Behind a proxy, PUBLIC_BASE_URL sets the base.
 */
export const uploadUri = (
  signer: UploadUrlSigner,
  publicBaseUrl: string | undefined,
  request: FastifyRequest,
  principal: Principal,
  sessionId: string,
  fileName: string,
): string => {
  const base = publicBaseUrl ?? `${request.protocol}://${request.host}`;
  const token = signer.sign(sessionId, fileName, principal);
  return `${base}${UPLOAD_PATH_PREFIX}/${sessionId}/${encodeURIComponent(fileName)}?token=${encodeURIComponent(token)}`;
};
