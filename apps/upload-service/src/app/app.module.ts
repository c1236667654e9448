import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@upload-sessions/read-side/audit/audit.module';
import { OperationsModule } from '@upload-sessions/read-side/operations/operations.module';
import { CleanUpModule } from '@upload-sessions/read-side/clean-up/clean-up.module';
import { MetricsModule } from '@upload-sessions/read-side/projections/metrics.module';
import { SessionQueriesModule } from '@upload-sessions/read-side/session-queries/session-queries.module';
import {
  InfrastructureModule,
  type InfrastructureOptions,
} from '@upload-sessions/service-core/application/infrastructure.module';
import { dialectProviders, type Dialect } from '@upload-sessions/service-core/dialect/dialect';
import { HealthModule } from '@upload-sessions/service-core/health/health.module';
import { DocsModule } from '@upload-sessions/service-core/openapi/docs.module';
import { HttpExceptionFilter } from '@upload-sessions/service-core/http/http-exception.filter';
import { ExpiryModule } from '@upload-sessions/service-core/sessions/expire/expiry.module';
import { SessionsModule } from '@upload-sessions/service-core/sessions/sessions.module';
import { OPENAPI_DOCUMENTS } from '../openapi/openapi-documents';
import { serviceReadModels } from './service-read-models';

export interface AppModuleOptions extends InfrastructureOptions {
  /** The read side's module (ReadSideModule.forRoot of the service's read models), built once. */
  readonly readSide: DynamicModule;
  /** The dialects, built over that read side (see serviceDialects). */
  readonly dialects: readonly Dialect[];
}

/**
 * The composition root's module. Only the infrastructure is global; every other module imports what it
 * uses, the read side as the one `readSide` module built here and handed to each reader.
 */
@Module({})
export class AppModule {
  static forRoot({ readSide, dialects, ...options }: AppModuleOptions): DynamicModule {
    const cleanUp = CleanUpModule.forRoot(
      dialects.flatMap((d) => d.cleanUp ?? []),
      readSide,
    );
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot(options),
        // Read models the queries answer from, and the waits that let callers read their own writes.
        readSide,
        SessionsModule,
        ExpiryModule.forRoot(readSide),
        SessionQueriesModule.forRoot(readSide),
        // Deletes ended sessions' and deleted files' content from the event log; sweeps temporary content.
        cleanUp,
        HealthModule.forRoot([readSide]),
        MetricsModule.forRoot([readSide, cleanUp]),
        ...dialects.map((d) => d.module),
        AuditModule.forRoot(serviceReadModels),
        DocsModule.forRoot(OPENAPI_DOCUMENTS),
        OperationsModule.forRoot(readSide),
      ],
      providers: [
        // Each dialect's contributions (error renderer, caller resolver, upload targets…), as multi-providers.
        ...dialectProviders(dialects),
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
