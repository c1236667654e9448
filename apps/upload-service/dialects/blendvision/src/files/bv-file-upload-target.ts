import { Injectable } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import type { UploadSession } from '@upload-sessions/domain';
import type { UploadTargetAdapter } from '@upload-sessions/service-core/dialect/upload-target-adapter';

/** A BlendVision file has exactly one upload: its content is version 1 of the file. */
@Injectable()
export class BvFileUploadTarget implements UploadTargetAdapter {
  readonly kind = 'file';

  async commitContent(session: UploadSession) {
    const { target } = session;
    return E.right(target.kind === 'file' ? { targetId: target.fileId, version: 1 } : undefined);
  }
}
