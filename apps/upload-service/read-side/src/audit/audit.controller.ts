import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import { isResourceId } from '@upload-sessions/service-core/content/safe-names';
import { auditHttpError, AuditAuthGuard } from './audit-auth.guard';
import type { AuditError } from './audit-error';
import { auditEventJson } from './audit-event';
import { parseOrganizationQuery } from './audit-query';
import { AuditTrail } from './audit-trail';

const toHttpError = (error: AuditError) => {
  switch (error._tag) {
    case 'AuditSessionNotFound':
      return auditHttpError(404, 'NOT_FOUND', `No session ${error.sessionId} in this organization.`);
    case 'InvalidAuditQuery':
      return auditHttpError(400, 'INVALID_ARGUMENT', error.message);
    case 'AuditStoreUnavailable':
      return auditHttpError(503, 'UNAVAILABLE', 'The event store is not available.');
  }
};

/**
 * The audit trail over HTTP, read from the event store itself:
 * - `GET /audit/organizations/{org}/sessions/{id}`: every event of one session, in order;
 * - `GET /audit/organizations/{org}/events?since&until&type&actor&correlation_id&after&limit`: the
 *   organization's events, paged by position (`next` goes into `after`).
 */
@Controller('audit/organizations/:organizationId')
@UseGuards(AuditAuthGuard)
export class AuditController {
  constructor(@Inject(AuditTrail) private readonly trail: AuditTrail) {}

  @Get('sessions/:sessionId')
  async session(@Param('organizationId') organizationId: string, @Param('sessionId') sessionId: string) {
    if (!isResourceId(sessionId)) throw toHttpError({ _tag: 'AuditSessionNotFound', sessionId });
    const history = await this.trail.sessionHistory(sessionId, organizationId);
    if (E.isLeft(history)) throw toHttpError(history.left);
    return {
      session_id: history.right.sessionId,
      organization_id: history.right.organizationId,
      events: history.right.events.map(auditEventJson),
    };
  }

  @Get('events')
  async events(@Param('organizationId') organizationId: string, @Query() query: Record<string, unknown>) {
    const parsed = parseOrganizationQuery(organizationId, query);
    if (E.isLeft(parsed)) throw toHttpError(parsed.left);
    const page = await this.trail.organizationEvents(parsed.right);
    if (E.isLeft(page)) throw toHttpError(page.left);
    return {
      organization_id: organizationId,
      events: page.right.events.map(auditEventJson),
      next: page.right.next,
      scanned: page.right.scanned,
    };
  }
}
