import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import { CLOCK, type Clock } from '@upload-sessions/service-core/application/tokens';
import { auditHttpError, AuditAuthGuard } from '../audit/audit-auth.guard';
import { CONTENT_STORE, type ContentStore } from '@upload-sessions/service-core/content/content-store';
import { isResourceId } from '@upload-sessions/service-core/content/safe-names';
import { ReadModels } from '../projections/read-models';
import { parseSessionsQuery } from './operations-query';
import { OperationsQueries } from './operations-queries';

const ACTIVITY_DAYS = 14;
const LAST_CANCELLATIONS = 10;

/**
 * The JSON the operations page (`/ui`) reads, answered from the read models and authenticated like
 * the audit API (a vSphere login or a BlendVision API token of the organization in the path):
 * - `GET …/operations/sessions?state&dialect&name&since&until&limit&after`: sessions, newest first;
 * - `GET …/operations/sessions/{id}`: one session with its files and whether content is still staged;
 * - `GET …/operations/activity`: counts per state and per day, the last cancellations.
 * A session's events stay where they are: `GET /audit/organizations/{org}/sessions/{id}`.
 */
@Controller('audit/organizations/:organizationId/operations')
@UseGuards(AuditAuthGuard)
export class OperationsController {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(OperationsQueries) private readonly queries: OperationsQueries,
    @Inject(CONTENT_STORE) private readonly content: ContentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('sessions')
  async sessions(@Param('organizationId') organizationId: string, @Query() query: Record<string, unknown>) {
    const parsed = parseSessionsQuery(organizationId, query, this.clock());
    if (E.isLeft(parsed)) throw auditHttpError(400, 'INVALID_ARGUMENT', messageOf(parsed.left));
    await this.readModels.forCaller();
    const page = this.queries.sessions(parsed.right);
    return { organization_id: organizationId, ...page };
  }

  @Get('sessions/:sessionId')
  async session(@Param('organizationId') organizationId: string, @Param('sessionId') sessionId: string) {
    const notFound = () => auditHttpError(404, 'NOT_FOUND', `No session ${sessionId} in this organization.`);
    if (!isResourceId(sessionId)) throw notFound();
    await this.readModels.forCaller();
    const found = this.queries.session(organizationId, sessionId);
    if (found === undefined) throw notFound();
    // Staged bytes of an ended session are what the content clean-up still has to delete.
    const staged = (await this.content.stagedSessions()).includes(sessionId);
    return { organization_id: organizationId, ...found.summary, files: found.files, staged_content: staged };
  }

  @Get('activity')
  async activity(@Param('organizationId') organizationId: string) {
    await this.readModels.forCaller();
    return {
      organization_id: organizationId,
      days: ACTIVITY_DAYS,
      ...this.queries.activity(organizationId, ACTIVITY_DAYS, LAST_CANCELLATIONS, this.clock()),
    };
  }
}

const messageOf = (error: { readonly _tag: string; readonly message?: string }): string =>
  error.message ?? error._tag;
