import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import type { RawRoutes } from '@upload-sessions/service-core/dialect/dialect';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { toRpcStatus } from '../errors/bv-error-mapper';
import { rpcStatus, type RpcStatus } from '../errors/rpc-status';
import { parseRange } from './byte-range';
import { DOWNLOAD_PATH_PREFIX, DownloadUrlSigner, type Disposition } from './download-url-signer';
import { FileDownloads } from './file-downloads';

type DownloadRequest = FastifyRequest<{
  Params: { fileId: string };
  Querystring: { expires?: unknown; disposition?: unknown; signature?: unknown };
}>;

/** A media type as a header may carry it; anything else is served as bytes. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII fallback and the exact name. */
export const contentDisposition = (disposition: Disposition, name: string): string => {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${exact}`;
};

const sendStatus = (reply: FastifyReply, status: RpcStatus): FastifyReply =>
  reply.status(status.httpStatus).header('content-type', 'application/json').send(status.body);

/**
 * `GET /bv/downloads/{file}?expires&disposition&signature`: the links `:download` hands out point here,
 * as BlendVision's point at S3. The signed link alone authorises it. Single byte ranges are served
 * (206, or 416 past the end); several ranges, or a Range that does not parse, get the whole file.
 */
@Injectable()
export class DownloadRoute implements RawRoutes {
  constructor(
    @Inject(FileDownloads) private readonly downloads: FileDownloads,
    @Inject(DownloadUrlSigner) private readonly signer: DownloadUrlSigner,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  register(fastify: FastifyInstance): void {
    fastify.get(`${DOWNLOAD_PATH_PREFIX}/:fileId`, (request: DownloadRequest, reply) =>
      this.handle(request, reply),
    );
  }

  private async handle(request: DownloadRequest, reply: FastifyReply): Promise<FastifyReply> {
    const { fileId } = request.params;
    try {
      const { expires, disposition, signature } = request.query;
      const granted = this.signer.verify(fileId, expires, disposition, signature);
      if (E.isLeft(granted)) return sendStatus(reply, toRpcStatus(granted.left));
      const found = await this.downloads.find(fileId, null);
      if (E.isLeft(found)) return sendStatus(reply, toRpcStatus(found.left));
      const download = found.right;

      const contentType = download.file.attrs['content-type'];
      void reply
        .header('accept-ranges', 'bytes')
        .header('etag', download.etag)
        .header(
          'content-type',
          contentType !== undefined && MEDIA_TYPE.test(contentType)
            ? contentType
            : 'application/octet-stream',
        )
        .header('content-disposition', contentDisposition(granted.right, download.file.name))
        .header('cache-control', 'private, max-age=0');
      if (download.lastModified !== null) {
        void reply.header('last-modified', new Date(download.lastModified).toUTCString());
      }
      const header = request.headers.range;
      const range = parseRange(typeof header === 'string' ? header : undefined, download.size);
      if (range === 'unsatisfiable') {
        return reply
          .status(416)
          .header('content-range', `bytes */${download.size}`)
          .header('content-type', 'application/json')
          .send(
            rpcStatus('OUT_OF_RANGE', `the file has ${download.size} bytes`, 'RANGE_NOT_SATISFIABLE').body,
          );
      }
      // HEAD is Fastify's, from this GET route: it keeps the Content-Length and destroys the stream
      // before it is read (the stream opens no file before its first read).
      if (range === undefined) {
        return reply
          .status(200)
          .header('content-length', String(download.size))
          .send(download.size === 0 ? '' : this.downloads.read(download, undefined));
      }
      return reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${download.size}`)
        .header('content-length', String(range.end - range.start + 1))
        .send(this.downloads.read(download, range));
    } catch (error) {
      this.logger.entry('error', 'download failed', { requestId: request.id, fileId, error: String(error) });
      return sendStatus(reply, rpcStatus('INTERNAL', 'internal error', 'INTERNAL'));
    }
  }
}
