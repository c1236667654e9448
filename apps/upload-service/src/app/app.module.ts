import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '../audit/audit.module';
import { CleanUpModule } from '../clean-up/clean-up.module';
import { BlendvisionModule } from '../dialects/blendvision/blendvision.module';
import { bvErrorRenderer } from '../dialects/blendvision/errors/bv-error-renderer';
import { vapiErrorRenderer } from '../dialects/vsphere/errors/vapi-error-renderer';
import { VsphereModule } from '../dialects/vsphere/vsphere.module';
import { EventStoreModule } from '../event-store/event-store.module';
import { HealthModule } from '../health/health.module';
import { DIALECT_ERROR_RENDERERS } from '../http/dialect-http-error';
import { HttpExceptionFilter } from '../http/http-exception.filter';
import { LibraryModule } from '../library/library.module';
import { OperationsModule } from '../operations/operations.module';
import { ProjectionsModule } from '../projections/projections.module';
import { ReadYourWritesModule } from '../read-your-writes/read-your-writes.module';
import { SessionsModule } from '../sessions/sessions.module';
import { InfrastructureModule, type InfrastructureOptions } from './infrastructure.module';

@Module({})
export class AppModule {
  static forRoot(options: InfrastructureOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot(options),
        EventStoreModule,
        // Read models the queries answer from, and the waits that let callers read their own writes.
        ProjectionsModule,
        ReadYourWritesModule,
        LibraryModule,
        SessionsModule,
        // Deletes ended sessions' and deleted files' content from the event log; sweeps temporary content.
        CleanUpModule,
        HealthModule,
        VsphereModule,
        BlendvisionModule,
        AuditModule,
        OperationsModule,
      ],
      providers: [
        // Each dialect renders the framework's errors on its own URLs.
        { provide: DIALECT_ERROR_RENDERERS, useValue: [vapiErrorRenderer, bvErrorRenderer] },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
