import { Module } from '@nestjs/common';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '@upload-sessions/service-core/application/tokens';
import { AuditAuthGuard } from './audit-auth.guard';
import { AuditController } from './audit.controller';
import { AuditTrail } from './audit-trail';

/** The audit trail over HTTP, under /audit. */
@Module({
  controllers: [AuditController],
  providers: [
    { provide: AuditTrail, inject: [EVENT_STORE], useFactory: (store: EventStore) => new AuditTrail(store) },
    AuditAuthGuard,
  ],
})
export class AuditModule {}
