import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@upload-sessions/read-side/audit/audit.module';
import { CleanUpModule } from '@upload-sessions/read-side/clean-up/clean-up.module';
import { BlendvisionModule } from '@upload-sessions/dialect-blendvision/blendvision.module';
import { bvErrorRenderer } from '@upload-sessions/dialect-blendvision/errors/bv-error-renderer';
import { vapiErrorRenderer } from '@upload-sessions/dialect-vsphere/errors/vapi-error-renderer';
import { VsphereModule } from '@upload-sessions/dialect-vsphere/vsphere.module';
import { EventStoreModule } from '@upload-sessions/service-core/event-store/event-store.module';
import { HealthModule } from '@upload-sessions/service-core/health/health.module';
import { DIALECT_ERROR_RENDERERS } from '@upload-sessions/service-core/http/dialect-http-error';
import { HttpExceptionFilter } from '@upload-sessions/service-core/http/http-exception.filter';
import { LibraryModule } from '@upload-sessions/dialect-vsphere/library/library.module';
import { ProjectionsModule } from '@upload-sessions/read-side/projections/projections.module';
import { ReadYourWritesModule } from '@upload-sessions/service-core/read-your-writes/read-your-writes.module';
import { SessionsModule } from '@upload-sessions/service-core/sessions/sessions.module';
import {
  InfrastructureModule,
  type InfrastructureOptions,
} from '@upload-sessions/service-core/application/infrastructure.module';

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
      ],
      providers: [
        // Each dialect renders the framework's errors on its own URLs.
        { provide: DIALECT_ERROR_RENDERERS, useValue: [vapiErrorRenderer, bvErrorRenderer] },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
