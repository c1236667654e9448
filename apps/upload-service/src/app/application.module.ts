import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { blendvisionCleanUp } from '@upload-sessions/dialect-blendvision/blendvision.dialect';
import { LibraryItemUploadTarget } from '@upload-sessions/dialect-vsphere/library/library-item-upload-target';
import { LibraryModule } from '@upload-sessions/dialect-vsphere/library/library.module';
import { CleanUpModule } from '@upload-sessions/read-side/clean-up/clean-up.module';
import { ReadSideModule } from '@upload-sessions/read-side/read-side.module';
import { SessionQueriesModule } from '@upload-sessions/read-side/session-queries/session-queries.module';
import {
  InfrastructureModule,
  type InfrastructureOptions,
} from '@upload-sessions/service-core/application/infrastructure.module';
import { UPLOAD_TARGETS } from '@upload-sessions/service-core/dialect/dialect';
import { ExpiryModule } from '@upload-sessions/service-core/sessions/expire/expiry.module';
import { SessionsModule } from '@upload-sessions/service-core/sessions/sessions.module';
import { serviceConfigSlices } from './service-config';
import { serviceReadModels } from './service-read-models';

/**
 * The application layer alone, without HTTP: infrastructure, the event store and the use cases on the
 * command and query buses (vSphere's libraries and items as the sessions' targets), the read models
 * the queries answer from. The HTTP app adds the dialects on top; handler specs use it as is.
 */
@Module({})
export class ApplicationModule {
  static forRoot(options: Omit<InfrastructureOptions, 'configSlices'>): DynamicModule {
    const readSide = ReadSideModule.forRoot(serviceReadModels);
    const library = LibraryModule.forRoot(readSide);
    return {
      module: ApplicationModule,
      imports: [
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot({ ...options, configSlices: serviceConfigSlices }),
        // Queries answer from read models; the projection keeps them, read-your-writes waits for it.
        readSide,
        library,
        SessionsModule,
        ExpiryModule.forRoot(readSide),
        SessionQueriesModule.forRoot(readSide),
        // Deletes ended sessions' and deleted files' content from the event log; sweeps temporary content.
        CleanUpModule.forRoot(blendvisionCleanUp, readSide),
      ],
      providers: [
        {
          provide: UPLOAD_TARGETS,
          inject: [LibraryItemUploadTarget],
          useFactory: (target: LibraryItemUploadTarget) => [target],
        },
      ],
    };
  }
}
