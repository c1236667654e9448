import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import { CONTENT_STORE, type ContentStore } from '@upload-sessions/service-core/content/content-store';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import type { BvError } from '../errors/bv-error';
import type { BvFile } from '../files/bv-file-decider';
import { BvFileStreams } from '../files/bv-file-streams';
import { fileStatusOf, summaryOfSession } from '../files/upload-summary';
import type { ByteRange } from './byte-range';

/** A file whose upload succeeded: its bytes are its completed parts, in order. */
export interface DownloadableFile {
  readonly file: BvFile;
  readonly parts: readonly { readonly name: string; readonly size: number }[];
  readonly size: number;
  /** Quoted; S3-like for multipart objects: a digest of the parts' etags and their count. */
  readonly etag: string;
  readonly lastModified: string | null;
}

type Result<A> = E.Either<ApplicationError | BvError, A>;

/** The content version a BlendVision file's bytes are committed as (one upload per file). */
const FILE_CONTENT_VERSION = 1;

/** Finds a file's bytes for `:download` and its download links. */
@Injectable()
export class FileDownloads {
  constructor(
    @Inject(BvFileStreams) private readonly files: BvFileStreams,
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(CONTENT_STORE) private readonly content: ContentStore,
  ) {}

  /** The organization's file (`null`: whichever, for a signed link), when it has content to give. */
  async find(fileId: string, organizationId: string | null): Promise<Result<DownloadableFile>> {
    const file =
      organizationId === null
        ? await this.files.loadAny(fileId)
        : await this.files.load(fileId, organizationId);
    if (E.isLeft(file)) return file;
    const session = await this.sessions.loadAny(file.right.uploadId);
    if (E.isLeft(session)) return session;
    const upload = session.right;
    const completed = upload.status === 'NONE' ? null : upload.completedFiles;
    if (fileStatusOf(summaryOfSession(upload)) !== 'FILE_STATUS_SUCCEED' || completed === null) {
      return E.left({ _tag: 'FileNotDownloadable', fileId });
    }
    // Deleted after its upload? Its content is gone (or going) with it.
    if (!(await this.content.hasVersion(fileId, FILE_CONTENT_VERSION))) {
      return E.left({ _tag: 'FileNotDownloadable', fileId });
    }
    const digest = createHash('sha256');
    for (const part of completed) digest.update(`${part.etag}\n`);
    return E.right({
      file: file.right,
      parts: completed.map(({ name, size }) => ({ name, size })),
      size: completed.reduce((sum, part) => sum + part.size, 0),
      etag: `"${digest.digest('hex')}-${completed.length}"`,
      lastModified: upload.status === 'NONE' ? null : upload.endedAt,
    });
  }

  /**
   * The bytes `range` of the file (all of them when undefined), read part after part as the answer is
   * written; each part file is opened only when its turn comes, and closed when the answer stops early.
   */
  read(download: DownloadableFile, range: ByteRange | undefined): Readable {
    const { start, end } = range ?? { start: 0, end: download.size - 1 };
    const content = this.content;
    const fileId = download.file.id;
    async function* bytes(): AsyncGenerator<Buffer> {
      let offset = 0;
      for (const part of download.parts) {
        const partStart = offset;
        const partEnd = offset + part.size - 1;
        offset += part.size;
        if (part.size === 0 || partEnd < start || partStart > end) continue;
        const opened = await content.openCommitted(
          fileId,
          FILE_CONTENT_VERSION,
          part.name,
          Math.max(start, partStart) - partStart,
          Math.min(end, partEnd) - partStart,
        );
        if (E.isLeft(opened)) throw new Error(`part ${part.name} of file ${fileId}: ${opened.left._tag}`);
        try {
          for await (const chunk of opened.right) yield chunk as Buffer;
        } finally {
          opened.right.destroy();
        }
      }
    }
    return Readable.from(bytes(), { objectMode: false });
  }
}
