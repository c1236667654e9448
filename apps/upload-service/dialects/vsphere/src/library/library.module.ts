import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SessionsModule } from '@upload-sessions/service-core/sessions/sessions.module';
import { StartUploadSessionHandler } from '../sessions/start/start-upload-session.handler';
import { ListUploadSessionsHandler } from '../sessions/queries/list-upload-sessions.handler';
import { CreateLibraryItemHandler } from './create-library-item/create-library-item.handler';
import { CreateLocalLibraryHandler } from './create-local-library/create-local-library.handler';
import { LibraryItemUploadTarget } from './library-item-upload-target';
import { LibraryStreams } from './library-streams';
import {
  GetLibraryItemHandler,
  GetLocalLibraryHandler,
  ListLibraryItemsHandler,
  ListLocalLibrariesHandler,
} from './queries/library-query-handlers';
import { libraryReadModelsProvider } from './queries/library-read-models';

/**
 * Local libraries and library items (vSphere's aggregates), the update sessions started on an item
 * (it is claimed first) and the item as their upload target.
 */
@Module({})
export class LibraryModule {
  /** `readSide`: the read side's module (read-model database and runner, read-your-writes gate, ReadModels). */
  static forRoot(readSide: Type | DynamicModule): DynamicModule {
    return {
      module: LibraryModule,
      imports: [CqrsModule, SessionsModule, readSide],
      providers: [
        LibraryStreams,
        LibraryItemUploadTarget,
        libraryReadModelsProvider,
        CreateLocalLibraryHandler,
        CreateLibraryItemHandler,
        StartUploadSessionHandler,
        GetLocalLibraryHandler,
        ListLocalLibrariesHandler,
        GetLibraryItemHandler,
        ListLibraryItemsHandler,
        ListUploadSessionsHandler,
      ],
      exports: [LibraryStreams, LibraryItemUploadTarget],
    };
  }
}
