import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyInstance } from 'fastify';
import type { RawRoutes } from '@upload-sessions/service-core/dialect/dialect';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { LoginSessions } from '../auth/login-sessions';
import { UploadUrlSigner } from '../auth/upload-url-signer';
import { registerUploadRoute } from './upload-route';

/** vSphere's raw route, `PUT /cls/data/{session}/{file}` (see registerUploadRoute), as the dialect contributes it. */
@Injectable()
export class VsphereUploadRoute implements RawRoutes {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(UploadUrlSigner) private readonly signer: UploadUrlSigner,
    @Inject(LoginSessions) private readonly logins: LoginSessions,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  register(fastify: FastifyInstance): Promise<void> {
    return registerUploadRoute(fastify, {
      commands: this.commands,
      signer: this.signer,
      logins: this.logins,
      logger: this.logger,
    });
  }
}
