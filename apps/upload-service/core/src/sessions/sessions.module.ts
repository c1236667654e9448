import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AddFileHandler } from './add-file/add-file.handler';
import { CancelUploadSessionHandler } from './cancel/cancel-upload-session.handler';
import { CompleteUploadSessionHandler } from './complete/complete-upload-session.handler';
import { DeleteUploadSessionHandler } from './delete/delete-upload-session.handler';
import { ExpireUploadSessionHandler } from './expire/expire-upload-session.handler';
import { FailUploadSessionHandler } from './fail/fail-upload-session.handler';
import { KeepAliveUploadSessionHandler } from './keep-alive/keep-alive-upload-session.handler';
import { ReceiveFileContentHandler } from './receive-content/receive-file-content.handler';
import { RemoveFileHandler } from './remove-file/remove-file.handler';
import { SessionContent } from './shared/session-content';
import { SessionRunner } from './shared/session-runner';
import { StartSessionHandler } from './start/start-session.handler';
import { UpdateUploadSessionHandler } from './update/update-upload-session.handler';

/**
 * The upload-session use cases: dialect-neutral commands on the bus. Claiming a session's target is the
 * dialect's (it then sends StartSessionCommand); the session queries are the read side's.
 */
@Module({
  imports: [CqrsModule],
  providers: [
    SessionRunner,
    SessionContent,
    StartSessionHandler,
    AddFileHandler,
    RemoveFileHandler,
    ReceiveFileContentHandler,
    CompleteUploadSessionHandler,
    CancelUploadSessionHandler,
    FailUploadSessionHandler,
    KeepAliveUploadSessionHandler,
    ExpireUploadSessionHandler,
    UpdateUploadSessionHandler,
    DeleteUploadSessionHandler,
  ],
  exports: [SessionRunner, SessionContent],
})
export class SessionsModule {}
