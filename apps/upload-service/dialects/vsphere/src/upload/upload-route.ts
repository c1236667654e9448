import type { CommandBus } from '@nestjs/cqrs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import type { LoginSessions } from '../auth/login-sessions';
import type { Principal } from '@upload-sessions/service-core/auth/principal';
import type { UploadUrlSigner } from '../auth/upload-url-signer';
import { isResourceId, isSafeFileName } from '@upload-sessions/service-core/content/safe-names';
import { commandContext } from '@upload-sessions/service-core/http/request-context';
import type { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { ReceiveFileContentCommand } from '@upload-sessions/service-core/sessions/receive-content/receive-file-content.command';
import { SHUTDOWN_RETRY_AFTER_SECONDS } from '@upload-sessions/service-core/content/content-store';
import { SESSION_HEADER } from '../auth/vsphere-auth.guard';
import { invalidArgument, unauthenticated, vapiError, type VapiError } from '../errors/vapi-error';
import { toVapiError } from '../errors/vapi-error-mapper';
import { UPLOAD_PATH_PREFIX } from './upload-uri';

export interface UploadRouteDependencies {
  readonly commands: CommandBus;
  readonly signer: UploadUrlSigner;
  readonly logins: LoginSessions;
  readonly logger: JsonLogger;
}

/** The signed grant of the URI, or else a login token in the session header. */
const authorise = (
  request: FastifyRequest<{
    Params: { sessionId: string; fileName: string };
    Querystring: { token?: unknown };
  }>,
  deps: UploadRouteDependencies,
): E.Either<VapiError, Principal> => {
  const { sessionId, fileName } = request.params;
  const token = request.query.token;
  if (typeof token === 'string') {
    const grant = deps.signer.verify(token, sessionId, fileName);
    return E.isRight(grant) ? E.right(grant.right.principal) : E.left(toVapiError(grant.left));
  }
  const header = request.headers[SESSION_HEADER];
  const principal = typeof header === 'string' ? deps.logins.resolve(header) : undefined;
  return principal !== undefined ? E.right(principal) : E.left(unauthenticated());
};

const sendError = (request: FastifyRequest, reply: FastifyReply, error: VapiError): FastifyReply => {
  // An error before the end of the body: close the connection rather than read the rest of it.
  if (!request.raw.readableEnded) void reply.header('connection', 'close');
  // 503: the service is stopping (or its store is away); the client may send the bytes again later.
  if (error.status === 503) void reply.header('retry-after', String(SHUTDOWN_RETRY_AFTER_SECONDS));
  return reply.status(error.status).send(error.body);
};

/**
 * `PUT /cls/data/{session}/{file}`: the upload endpoint handed out in `upload_endpoint.uri`. It lives in
 * its own Fastify context with a catch-all content-type parser that leaves the body unread, so the
 * bytes stream to the content store as they arrive, whatever Content-Type the client sends.
 */
export const registerUploadRoute = async (
  fastify: FastifyInstance,
  deps: UploadRouteDependencies,
): Promise<void> => {
  await fastify.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

    child.put<{ Params: { sessionId: string; fileName: string }; Querystring: { token?: unknown } }>(
      `${UPLOAD_PATH_PREFIX}/:sessionId/:fileName`,
      async (request, reply) => {
        const { sessionId, fileName } = request.params;
        if (!isResourceId(sessionId) || !isSafeFileName(fileName)) {
          return sendError(request, reply, invalidArgument('The upload URI does not name a session file.'));
        }
        const principal = authorise(request, deps);
        if (E.isLeft(principal)) return sendError(request, reply, principal.left);
        try {
          const result = await deps.commands.execute(
            new ReceiveFileContentCommand(
              commandContext(request, principal.right),
              sessionId,
              fileName,
              request.raw,
            ),
          );
          if (E.isLeft(result)) {
            deps.logger.entry('info', 'upload refused', {
              requestId: request.id,
              sessionId,
              fileName,
              reason: result.left._tag,
            });
            return sendError(request, reply, toVapiError(result.left));
          }
          const { file, etag } = result.right;
          if (file.status === 'ERROR') {
            return sendError(
              request,
              reply,
              invalidArgument(
                `File ${JSON.stringify(fileName)} failed validation: ${file.errorMessage ?? 'invalid content'}.`,
                [fileName],
              ),
            );
          }
          return reply.status(200).header('etag', etag).send();
        } catch (error) {
          deps.logger.entry('error', 'upload failed', {
            requestId: request.id,
            sessionId,
            fileName,
            error: String(error),
          });
          return sendError(
            request,
            reply,
            vapiError(
              'INTERNAL_SERVER_ERROR',
              'com.vmware.vapi.std.errors.internal_server_error',
              'Internal server error.',
            ),
          );
        }
      },
    );
  });
};
