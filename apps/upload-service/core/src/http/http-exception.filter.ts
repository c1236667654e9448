import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { JsonLogger } from '../logging/json-logger';
import { DIALECT_ERROR_RENDERERS, DialectHttpError, type DialectErrorRenderer } from './dialect-http-error';

/** The client hung up while its body was being read (Node's `aborted`, a reset): its fault, not ours. */
const clientAborted = (exception: unknown, request: FastifyRequest): boolean => {
  const code = (exception as { code?: unknown } | null)?.code;
  const message = (exception as { message?: unknown } | null)?.message;
  return (
    (code === 'ECONNRESET' || message === 'aborted') && (request.raw.destroyed || request.raw.readableAborted)
  );
};

/** A framework error as a status and message: Nest's HttpException, Fastify's errors (statusCode), or a 500. */
const statusAndMessage = (exception: unknown): { status: number; message: string; unexpected: boolean } => {
  if (exception instanceof HttpException)
    return { status: exception.getStatus(), message: exception.message, unexpected: false };
  // Duck-typed, not `instanceof Error`: errors of Node's own streams may come from another realm.
  const { statusCode, message } = (exception ?? {}) as { statusCode?: unknown; message?: unknown };
  if (
    typeof statusCode === 'number' &&
    statusCode >= 400 &&
    statusCode < 500 &&
    typeof message === 'string'
  ) {
    return { status: statusCode, message, unexpected: false };
  }
  return { status: 500, message: 'Internal server error.', unexpected: true };
};

/**
 * Turns any exception into the response of the dialect that owns the URL, so every response keeps
 * that dialect's error format. Dialect errors are written as rendered; framework errors (malformed
 * JSON, oversized bodies, unknown routes) are rendered by the dialect; unexpected exceptions are
 * logged and answered 500 without details.
 */
export const renderException = (
  exception: unknown,
  request: FastifyRequest,
  renderers: readonly DialectErrorRenderer[],
  logger: JsonLogger,
): DialectHttpError => {
  if (exception instanceof DialectHttpError) return exception;
  const { status, message, unexpected } = clientAborted(exception, request)
    ? { status: 400, message: 'the request body ended before its declared length', unexpected: false }
    : statusAndMessage(exception);
  if (unexpected) {
    logger.entry('error', 'unhandled exception', {
      requestId: request.id,
      error: exception instanceof Error ? exception.message : String(exception),
      stack: exception instanceof Error ? exception.stack : undefined,
    });
  }
  const renderer = renderers.find((r) => r.matches(request.url));
  if (renderer !== undefined) return renderer.render(status, message);
  return new DialectHttpError(status, { error: status >= 500 ? 'Internal server error.' : message });
};

export const sendRendered = (reply: FastifyReply, error: DialectHttpError): void => {
  if (reply.sent) return;
  void reply.status(error.status).headers(error.headers).send(error.body);
};

/** Nest's side: exceptions thrown by controllers, guards and pipes. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(
    @Inject(DIALECT_ERROR_RENDERERS) private readonly renderers: readonly DialectErrorRenderer[],
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    sendRendered(
      http.getResponse<FastifyReply>(),
      renderException(exception, request, this.renderers, this.logger),
    );
  }
}
