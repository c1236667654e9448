import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CreateLibraryItemHandler } from './create-library-item/create-library-item.handler';
import { CreateLocalLibraryHandler } from './create-local-library/create-local-library.handler';
import { LibraryStreams } from './library-streams';
import {
  GetLibraryItemHandler,
  GetLocalLibraryHandler,
  ListLibraryItemsHandler,
  ListLocalLibrariesHandler,
} from './queries/library-query-handlers';

@Module({
  imports: [CqrsModule],
  providers: [
    LibraryStreams,
    CreateLocalLibraryHandler,
    CreateLibraryItemHandler,
    GetLocalLibraryHandler,
    ListLocalLibrariesHandler,
    GetLibraryItemHandler,
    ListLibraryItemsHandler,
  ],
  exports: [LibraryStreams],
})
export class LibraryModule {}
