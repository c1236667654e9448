import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { JsonLogger } from '../logging/json-logger';
import { DIALECT_ERROR_RENDERERS, DialectHttpError, type DialectErrorRenderer } from './dialect-http-error';

/**
 * The one place errors become responses. Dialect errors are written as rendered; anything else
 * (framework errors such as malformed JSON, unknown routes, unexpected exceptions) is rendered by the
 * dialect that owns the URL, so every response keeps that dialect's error format. Unexpected
 * exceptions are logged and answered 500 without details.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(
    @Inject(DIALECT_ERROR_RENDERERS) private readonly renderers: readonly DialectErrorRenderer[],
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const error = exception instanceof DialectHttpError ? exception : this.render(exception, request);
    if (reply.sent) return;
    void reply.status(error.status).headers(error.headers).send(error.body);
  }

  private render(exception: unknown, request: FastifyRequest): DialectHttpError {
    const url = request.url;
    const renderer = this.renderers.find((r) => r.matches(url));
    let status = 500;
    let message = 'Internal server error.';
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      message = exception.message;
    } else {
      this.logger.entry('error', 'unhandled exception', {
        requestId: request.id,
        error: exception instanceof Error ? exception.message : String(exception),
        stack: exception instanceof Error ? exception.stack : undefined,
      });
    }
    if (renderer !== undefined) return renderer.render(status, message);
    return new DialectHttpError(status, { error: status >= 500 ? 'Internal server error.' : message });
  }
}
