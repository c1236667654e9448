import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetUploadSessionHandler } from './get-upload-session.handler';

/** The dialect-neutral session queries, answered from the upload_sessions read model. */
@Module({ imports: [CqrsModule], providers: [GetUploadSessionHandler] })
export class SessionQueriesModule {}
