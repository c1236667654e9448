import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import { findFile } from '@upload-sessions/domain';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import { isResourceId } from '@upload-sessions/service-core/content/safe-names';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import { requestInfo } from '@upload-sessions/service-core/http/request-context';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { ReceiveFileContentCommand } from '@upload-sessions/service-core/sessions/receive-content/receive-file-content.command';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import type { BvError } from '../errors/bv-error';
import { toRpcStatus } from '../errors/bv-error-mapper';
import { rpcStatus, type RpcStatus } from '../errors/rpc-status';
import { MAX_PARTS, partName } from './part-plan';
import { PART_PATH_PREFIX, PartUrlSigner } from './part-url-signer';

type PartRequest = FastifyRequest<{
  Params: { uploadId: string; partNumber: string };
  Querystring: { expires?: unknown; signature?: unknown };
}>;

/** The actor of a part PUT: whoever holds the presigned URL. */
const PART_URL_ACTOR = { id: 'presigned-part-url', kind: 'presigned-url' } as const;

const send = (request: FastifyRequest, reply: FastifyReply, status: RpcStatus): FastifyReply => {
  // Refused before the end of the body: close the connection rather than read the rest of it.
  if (!request.raw.readableEnded) void reply.header('connection', 'close');
  return reply.status(status.httpStatus).header('content-type', 'application/json').send(status.body);
};

const contentLength = (request: FastifyRequest): number | undefined => {
  const header = request.headers['content-length'];
  return typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
};

/**
 * `PUT /bv/uploads/{upload}/parts/{n}?expires&signature`: the presigned part URLs point here, as they
 * would point at S3. The route lives in its own Fastify context whose catch-all content-type parser
 * leaves the body unread, so the bytes stream to the content store as they arrive, whatever type the
 * client declares. It answers 200 with the part's `ETag` (the quoted SHA-256 of its bytes).
 */
@Injectable()
export class PartUploadRoute implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(PartUrlSigner) private readonly signer: PartUrlSigner,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(async (child) => {
      child.removeAllContentTypeParsers();
      child.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
      child.put(`${PART_PATH_PREFIX}/:uploadId/parts/:partNumber`, (request: PartRequest, reply) =>
        this.handle(request, reply),
      );
    });
  }

  private async handle(request: PartRequest, reply: FastifyReply): Promise<FastifyReply> {
    const { uploadId } = request.params;
    const partNumber = /^\d{1,5}$/.test(request.params.partNumber) ? Number(request.params.partNumber) : 0;
    try {
      const refused = await this.receive(request, uploadId, partNumber);
      if (E.isLeft(refused)) {
        this.logger.entry('info', 'part upload refused', {
          requestId: request.id,
          uploadId,
          partNumber,
          reason: refused.left._tag,
        });
        return send(request, reply, toRpcStatus(refused.left));
      }
      return reply.status(200).header('etag', refused.right).send();
    } catch (error) {
      this.logger.entry('error', 'part upload failed', {
        requestId: request.id,
        uploadId,
        error: String(error),
      });
      return send(request, reply, rpcStatus('INTERNAL', 'internal error', 'INTERNAL'));
    }
  }

  /** The part's etag once stored and recorded, or why not. */
  private async receive(
    request: PartRequest,
    uploadId: string,
    partNumber: number,
  ): Promise<E.Either<ApplicationError | BvError, string>> {
    // Only URLs this service signed get further; the path of any other one is not worth reading.
    if (!isResourceId(uploadId) || partNumber < 1 || partNumber > MAX_PARTS) {
      return E.left({ _tag: 'BadPartUrl', reason: 'malformed' });
    }
    const granted = this.signer.verify(uploadId, partNumber, request.query.expires, request.query.signature);
    if (E.isLeft(granted)) return granted;

    const session = await this.sessions.loadAny(uploadId);
    if (E.isLeft(session)) return session;
    const state = session.right;
    if (state.status === 'NONE' || state.status === 'DELETED') {
      return E.left({ _tag: 'SessionNotFound', command: 'RecordContent', sessionId: uploadId });
    }
    const slot = findFile(state, partName(partNumber));
    const expected = slot?.declaredSize ?? null;
    const declared = contentLength(request);
    if (expected !== null && declared !== undefined && declared !== expected) {
      return E.left({ _tag: 'PartSizeMismatch', partNumber, expected, actual: declared });
    }

    const context: CommandContext = {
      actor: PART_URL_ACTOR,
      organizationId: state.organizationId,
      correlationId: request.id,
      causationId: requestInfo(request).requestId,
    };
    const received = await this.commands.execute(
      new ReceiveFileContentCommand(context, uploadId, partName(partNumber), request.raw),
    );
    if (E.isLeft(received)) {
      if (received.left._tag === 'ContentTooLarge' && expected !== null) {
        return E.left({ _tag: 'PartSizeMismatch', partNumber, expected, actual: null });
      }
      return received;
    }
    const { file, etag } = received.right;
    if (file.status === 'ERROR') {
      // Recorded, but not a part complete-upload accepts: a new PUT of the part replaces it.
      return E.left({
        _tag: 'PartSizeMismatch',
        partNumber,
        expected: expected ?? 0,
        actual: file.received?.size ?? null,
      });
    }
    return E.right(etag);
  }
}
