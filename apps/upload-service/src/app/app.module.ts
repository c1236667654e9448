import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { UserDirectory } from '@upload-sessions/dialect-vsphere/auth/user-directory';
import { AuditModule } from '@upload-sessions/read-side/audit/audit.module';
import { OperationsModule } from '@upload-sessions/read-side/operations/operations.module';
import { CleanUpModule } from '@upload-sessions/read-side/clean-up/clean-up.module';
import { ProjectionsModule } from '@upload-sessions/read-side/projections/projections.module';
import { ReadYourWritesModule } from '@upload-sessions/read-side/read-your-writes/read-your-writes.module';
import { SessionQueriesModule } from '@upload-sessions/read-side/session-queries/session-queries.module';
import {
  InfrastructureModule,
  type InfrastructureOptions,
} from '@upload-sessions/service-core/application/infrastructure.module';
import { dialectProviders } from '@upload-sessions/service-core/dialect/dialect';
import { EventStoreModule } from '@upload-sessions/service-core/event-store/event-store.module';
import { HealthModule } from '@upload-sessions/service-core/health/health.module';
import { DocsModule } from '@upload-sessions/service-core/openapi/docs.module';
import { HttpExceptionFilter } from '@upload-sessions/service-core/http/http-exception.filter';
import { SessionsModule } from '@upload-sessions/service-core/sessions/sessions.module';
import { OPENAPI_DOCUMENTS } from '../openapi/openapi-documents';
import { serviceDialects } from './dialects';
import { serviceReadModels } from './service-read-models';

export interface AppModuleOptions extends InfrastructureOptions {
  readonly users: UserDirectory;
}

@Module({})
export class AppModule {
  static forRoot({ users, ...options }: AppModuleOptions): DynamicModule {
    const dialects = serviceDialects({ users });
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot(options),
        EventStoreModule,
        // Read models the queries answer from, and the waits that let callers read their own writes.
        ProjectionsModule.forRoot(serviceReadModels),
        ReadYourWritesModule,
        SessionsModule,
        SessionQueriesModule,
        // Deletes ended sessions' and deleted files' content from the event log; sweeps temporary content.
        CleanUpModule.forRoot(dialects.flatMap((d) => d.cleanUp ?? [])),
        HealthModule,
        ...dialects.map((d) => d.module),
        AuditModule.forRoot(serviceReadModels),
        DocsModule.forRoot(OPENAPI_DOCUMENTS),
        OperationsModule,
      ],
      providers: [
        // Each dialect's contributions (error renderer, caller resolver, upload targets…), as multi-providers.
        ...dialectProviders(dialects),
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
