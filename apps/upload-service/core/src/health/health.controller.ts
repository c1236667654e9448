import { Controller, Get, HttpCode, Inject, Optional, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '../application/tokens';
import { READINESS_PROBE, type ReadinessProbe } from './readiness-probe';

/**
 * Liveness (the process answers) and readiness (the event store answers, and the projection that keeps
 * the read models runs; each read model's position and lag behind the head are reported). No authentication.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(READINESS_PROBE) private readonly probe: ReadinessProbe | undefined,
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
    const report = await this.probe?.report();
    // A failed projection serves ever staler reads: take the instance out of rotation until it recovers.
    if (report?.state === 'failed') void reply.status(503);
    return {
      status: report?.state === 'failed' ? 'degraded' : 'ready',
      eventStore: { status: 'up', headPosition: head.right ?? null },
      ...(report !== undefined && this.probe !== undefined ? { [this.probe.name]: report } : {}),
    };
  }
}
