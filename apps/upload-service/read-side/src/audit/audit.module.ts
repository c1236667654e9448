import { Module, type DynamicModule } from '@nestjs/common';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '@upload-sessions/service-core/application/tokens';
import type { ReadModel } from '@upload-sessions/service-core/dialect/read-model';
import { AuditAuthGuard } from './audit-auth.guard';
import { AuditController } from './audit.controller';
import { AuditTrail, auditedStreamPrefixes } from './audit-trail';

/** The audit trail over HTTP, under /audit. */
@Module({})
export class AuditModule {
  /** `readModels`: the service's read models; their stream categories are what is audited. */
  static forRoot(readModels: readonly ReadModel[]): DynamicModule {
    const streamPrefixes = auditedStreamPrefixes(readModels);
    return {
      module: AuditModule,
      controllers: [AuditController],
      providers: [
        {
          provide: AuditTrail,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => new AuditTrail(store, streamPrefixes),
        },
        AuditAuthGuard,
      ],
    };
  }
}
