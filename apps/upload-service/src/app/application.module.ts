import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule } from '../event-store/event-store.module';
import { LibraryModule } from '../library/library.module';
import { SessionsModule } from '../sessions/sessions.module';
import { InfrastructureModule, type InfrastructureOptions } from './infrastructure.module';

/**
 * The application layer alone, without HTTP: infrastructure, the event store and the use cases on the
 * command and query buses. The HTTP app adds the dialects on top; handler specs use it as is.
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
        LibraryModule,
        SessionsModule,
      ],
    };
  }
}
