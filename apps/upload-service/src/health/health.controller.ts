import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '../app/tokens';

/** Liveness (the process answers) and readiness (the event store answers too). No authentication. */
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

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
    return { status: 'ready', eventStore: { status: 'up', headPosition: head.right ?? null } };
  }
}
