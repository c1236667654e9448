import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import { findFile, notAllowedInCurrentState, type UploadTarget } from '@upload-sessions/domain';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import { SHUTDOWN_RETRY_AFTER_SECONDS } from '@upload-sessions/service-core/content/content-store';
import { isResourceId } from '@upload-sessions/service-core/content/safe-names';
import type { RawRoutes } from '@upload-sessions/service-core/dialect/dialect';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import {
  continueWithheld,
  drainBody,
  sendContinue,
  withholdContinue,
} from '@upload-sessions/service-core/http/expect-continue';
import { requestInfo } from '@upload-sessions/service-core/http/request-context';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { ReceiveFileContentCommand } from '@upload-sessions/service-core/sessions/receive-content/receive-file-content.command';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import type { BvError } from '../errors/bv-error';
import { BvFileStreams } from '../files/bv-file-streams';
import { toRpcStatus } from '../errors/bv-error-mapper';
import { rpcStatus, type RpcStatus } from '../errors/rpc-status';
import { MAX_PARTS, partName } from './part-plan';
import { PART_PATH_PREFIX, PartUrlSigner } from './part-url-signer';
import { BLENDVISION_CONFIG, type BlendvisionConfig } from '../config/blendvision-config';

type PartRequest = FastifyRequest<{
  Params: { uploadId: string; partNumber: string };
  Querystring: { expires?: unknown; signature?: unknown };
}>;

/** The actor of a part PUT: whoever holds the presigned URL. */
const PART_URL_ACTOR = { id: 'presigned-part-url', kind: 'presigned-url' } as const;

/**
 * How much of a refused body is read (and dropped) before the answer, so that a client still writing
 * reads it rather than a reset; a longer body gets the answer and a closed connection.
 */
export const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 30_000;

const contentLength = (request: FastifyRequest): number | undefined => {
  const header = request.headers['content-length'];
  return typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
};

/** Why a part is refused: the dialect's own reasons and the shared use cases'. */
type Refusal = ApplicationError | BvError;

/**
 * `PUT /bv/uploads/{upload}/parts/{n}?expires&signature`: the presigned part URLs point here, as they
 * would point at S3. The route lives in its own Fastify context whose catch-all content-type parser
 * leaves the body unread, so the bytes stream to the content store as they arrive, whatever type the
 * client declares. A part may be any length up to the maximum part size and its file's size (S3
 * multipart); it answers 200 with the part's `ETag` (the quoted SHA-256 of its bytes). Everything that
 * can be checked before the body is, and before `100 Continue` when the client asked for one.
 */
@Injectable()
export class PartUploadRoute implements RawRoutes {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(BvFileStreams) private readonly files: BvFileStreams,
    @Inject(PartUrlSigner) private readonly signer: PartUrlSigner,
    @Inject(BLENDVISION_CONFIG) private readonly config: BlendvisionConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async register(fastify: FastifyInstance): Promise<void> {
    withholdContinue(
      fastify.server,
      (request) => request.method === 'PUT' && (request.url ?? '').startsWith(`${PART_PATH_PREFIX}/`),
    );
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
      const refused = await this.receive(request, reply, uploadId, partNumber);
      if (E.isLeft(refused)) {
        this.logger.entry('info', 'part upload refused', {
          requestId: request.id,
          uploadId,
          partNumber,
          reason: refused.left._tag,
        });
        // A transfer a cancel stopped is not the client's fault: it gets the answer and a closed connection.
        const drain = refused.left._tag !== 'TransferAborted';
        return await this.refuse(request, reply, toRpcStatus(refused.left), drain);
      }
      return reply.status(200).header('etag', refused.right).send();
    } catch (error) {
      this.logger.entry('error', 'part upload failed', {
        requestId: request.id,
        uploadId,
        error: String(error),
      });
      return this.refuse(request, reply, rpcStatus('INTERNAL', 'internal error', 'INTERNAL'), false);
    }
  }

  /**
   * Sends a refusal the client can read: before `100 Continue` no body is coming (the connection
   * closes after the answer); otherwise the rest of the body is drained first, up to a bound.
   */
  private async refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    status: RpcStatus,
    drain: boolean,
  ): Promise<FastifyReply> {
    if (drain && !continueWithheld(request.raw) && !request.raw.readableEnded) {
      const declared = contentLength(request);
      if (declared === undefined || declared <= DRAIN_LIMIT_BYTES) {
        await drainBody(request.raw, DRAIN_LIMIT_BYTES, DRAIN_TIMEOUT_MS);
      }
    }
    if (!request.raw.readableEnded) void reply.header('connection', 'close');
    // 503: the service is stopping (or its store is away); the client may PUT the part again later.
    if (status.httpStatus === 503) void reply.header('retry-after', String(SHUTDOWN_RETRY_AFTER_SECONDS));
    return reply.status(status.httpStatus).header('content-type', 'application/json').send(status.body);
  }

  /** The part's etag once stored and recorded, or why not. */
  private async receive(
    request: PartRequest,
    reply: FastifyReply,
    uploadId: string,
    partNumber: number,
  ): Promise<E.Either<Refusal, string>> {
    // Only URLs this service signed get further; the path of any other one is not worth reading.
    if (!isResourceId(uploadId) || partNumber < 1 || partNumber > MAX_PARTS) {
      return E.left({ _tag: 'BadPartUrl', reason: 'malformed' });
    }
    const granted = this.signer.verify(uploadId, partNumber, request.query.expires, request.query.signature);
    if (E.isLeft(granted)) return granted;

    // A remembered active session with this slot is enough to take the part: recording it appends at
    // the session's revision, so a change made elsewhere meanwhile is read and decided on then.
    const session = await this.sessions.loadAny(
      uploadId,
      (known) => known.status === 'ACTIVE' && findFile(known, partName(partNumber)) !== undefined,
    );
    if (E.isLeft(session)) return session;
    const state = session.right;
    if (state.status === 'NONE' || state.status === 'DELETED') {
      return E.left({ _tag: 'SessionNotFound', command: 'RecordContent', sessionId: uploadId });
    }
    if (state.status !== 'ACTIVE') return E.left(notAllowedInCurrentState('RecordContent', state.status));
    const slot = findFile(state, partName(partNumber));
    if (slot === undefined)
      return E.left({ _tag: 'FileNotFound', command: 'RecordContent', name: partName(partNumber) });
    const declared = contentLength(request);
    // Sessions started before parts became S3-like declare each part's exact length.
    const expected = slot.declaredSize;
    if (expected !== null && declared !== undefined && declared !== expected) {
      return E.left({ _tag: 'PartSizeMismatch', partNumber, expected, actual: declared });
    }
    const limit = await this.partLimit(state.target, state.organizationId);
    if (E.isLeft(limit)) return limit;
    if (declared !== undefined && declared > limit.right) {
      return E.left({ _tag: 'PartTooLarge', partNumber, limit: limit.right });
    }

    const context: CommandContext = {
      actor: PART_URL_ACTOR,
      organizationId: state.organizationId,
      correlationId: request.id,
      causationId: requestInfo(request).requestId,
    };
    sendContinue(request.raw, reply.raw);
    const received = await this.commands.execute(
      new ReceiveFileContentCommand(context, uploadId, partName(partNumber), request.raw, limit.right),
    );
    if (E.isLeft(received)) {
      if (received.left._tag === 'ContentTooLarge') {
        return E.left(
          expected !== null
            ? { _tag: 'PartSizeMismatch', partNumber, expected, actual: null }
            : { _tag: 'PartTooLarge', partNumber, limit: limit.right },
        );
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

  /** The longest this upload's part may be: the maximum part size, and no more than the file. */
  private async partLimit(target: UploadTarget, organizationId: string): Promise<E.Either<Refusal, number>> {
    if (target.kind !== 'file') return E.right(this.config.maxPartSizeBytes);
    // A file's size never changes; one deleted meanwhile has its upload ended, which refuses the part.
    const file = await this.files.loadRemembered(target.fileId, organizationId);
    if (E.isLeft(file)) return file;
    return E.right(Math.min(this.config.maxPartSizeBytes, file.right.file.size));
  }
}
