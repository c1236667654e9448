import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '../application/tokens';
import { projectionReport } from '@upload-sessions/read-side/projections/projection-status';
import { ProjectionRunner } from '@upload-sessions/read-side/projections/runner/projection-runner';

/**
 * Liveness (the process answers) and readiness (the event store answers, and the projection that keeps
 * the read models runs; each read model's position and lag behind the head are reported). No authentication.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ProjectionRunner) private readonly projection: ProjectionRunner,
  ) {}

  @Get()
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    const head = await this.store.headPosition();
    if (E.isLeft(head)) {
      void reply.status(503);
      return { status: 'unavailable', eventStore: { status: 'down', message: head.left.message } };
    }
    const projections = await projectionReport(this.projection, this.store);
    // A failed projection serves ever staler reads: take the instance out of rotation until it recovers.
    if (projections.state === 'failed') void reply.status(503);
    return {
      status: projections.state === 'failed' ? 'degraded' : 'ready',
      eventStore: { status: 'up', headPosition: head.right ?? null },
      projections,
    };
  }
}
