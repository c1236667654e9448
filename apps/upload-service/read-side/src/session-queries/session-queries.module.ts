import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetUploadSessionHandler } from './get-upload-session.handler';

/** The dialect-neutral session queries, answered from the upload_sessions read model. */
@Module({})
export class SessionQueriesModule {
  /** `readSide`: the module providing ReadModels. */
  static forRoot(readSide: Type | DynamicModule): DynamicModule {
    return {
      module: SessionQueriesModule,
      imports: [CqrsModule, readSide],
      providers: [GetUploadSessionHandler],
    };
  }
}
