import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LibraryModule } from '@upload-sessions/dialect-vsphere/library/library.module';
import { AddFileHandler } from './add-file/add-file.handler';
import { CancelUploadSessionHandler } from './cancel/cancel-upload-session.handler';
import { CompleteUploadSessionHandler } from './complete/complete-upload-session.handler';
import { DeleteUploadSessionHandler } from './delete/delete-upload-session.handler';
import { ExpireUploadSessionHandler } from './expire/expire-upload-session.handler';
import { ExpirySweeper } from './expire/expiry-sweeper';
import { FailUploadSessionHandler } from './fail/fail-upload-session.handler';
import { KeepAliveUploadSessionHandler } from './keep-alive/keep-alive-upload-session.handler';
import { GetUploadSessionHandler } from '@upload-sessions/read-side/session-queries/get-upload-session.handler';
import { ListUploadSessionsHandler } from '@upload-sessions/read-side/session-queries/list-upload-sessions.handler';
import { ReceiveFileContentHandler } from './receive-content/receive-file-content.handler';
import { RemoveFileHandler } from './remove-file/remove-file.handler';
import { SessionContent } from './shared/session-content';
import { SessionRunner } from './shared/session-runner';
import { StartUploadSessionHandler } from './start/start-upload-session.handler';
import { UpdateUploadSessionHandler } from './update/update-upload-session.handler';

/** The upload-session use cases: dialect-neutral commands and queries on the bus. */
@Module({
  imports: [CqrsModule, LibraryModule],
  providers: [
    SessionRunner,
    SessionContent,
    ExpirySweeper,
    StartUploadSessionHandler,
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
    GetUploadSessionHandler,
    ListUploadSessionsHandler,
  ],
  exports: [SessionRunner, SessionContent, ExpirySweeper],
})
export class SessionsModule {}
