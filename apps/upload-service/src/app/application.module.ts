import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CleanUpModule } from '@upload-sessions/read-side/clean-up/clean-up.module';
import { EventStoreModule } from '@upload-sessions/service-core/event-store/event-store.module';
import { LibraryModule } from '@upload-sessions/dialect-vsphere/library/library.module';
import { ProjectionsModule } from '@upload-sessions/read-side/projections/projections.module';
import { ReadYourWritesModule } from '@upload-sessions/service-core/read-your-writes/read-your-writes.module';
import { SessionsModule } from '@upload-sessions/service-core/sessions/sessions.module';
import {
  InfrastructureModule,
  type InfrastructureOptions,
} from '@upload-sessions/service-core/application/infrastructure.module';

/**
 * The application layer alone, without HTTP: infrastructure, the event store and the use cases on the
 * command and query buses, the read models the queries answer from. The HTTP app adds the dialects on top; handler specs use it as is.
 */
@Module({})
export class ApplicationModule {
  static forRoot(options: InfrastructureOptions): DynamicModule {
    return {
      module: ApplicationModule,
      imports: [
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot(options),
        EventStoreModule,
        // Queries answer from read models; the projection keeps them, read-your-writes waits for it.
        ProjectionsModule,
        ReadYourWritesModule,
        LibraryModule,
        SessionsModule,
        // Deletes ended sessions' and deleted files' content from the event log; sweeps temporary content.
        CleanUpModule,
      ],
    };
  }
}
