import * as E from 'fp-ts/Either';
import {
  Controller,
  Delete,
  Headers,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginSessions } from '../auth/login-sessions';
import { UserDirectory } from '../auth/user-directory';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { SESSION_HEADER } from '../auth/vsphere-auth.guard';
import { basicCredentials } from '../auth/vsphere-session.controller';
import { unauthenticated } from '../errors/vapi-error';
import { vapiHttpError } from '../errors/vapi-error-renderer';
import { toVapiError } from '../errors/vapi-error-mapper';
import { restSessionToken } from './rest-auth.guard';
import { RestExceptionFilter } from './rest-error';
import { restAction, value } from './rest-params';

/**
 * `/rest/com/vmware/cis/session`: login (HTTP Basic, as govmomi's `rest.Client.Login` sends it, with
 * `vmware-use-header-authn: true`), `?~action=get` (govmomi's `Session`, which govc uses to check a
 * cached login) and logout. Logins are the same as `/api/session`'s: a token works on both families.
 */
@Controller('rest/com/vmware/cis/session')
@UseFilters(RestExceptionFilter)
export class RestSessionController {
  constructor(
    @Inject(UserDirectory) private readonly users: UserDirectory,
    @Inject(LoginSessions) private readonly sessions: LoginSessions,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  @Post()
  @HttpCode(200)
  async create(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('authorization') authorization: string | undefined,
    @Query('~action') action: unknown,
  ) {
    if (restAction(action, ['get'], true) === 'get') return this.get(request);
    const credentials = basicCredentials(authorization);
    const principal =
      credentials && (await this.users.authenticate(credentials.username, credentials.password));
    if (principal === undefined || credentials === undefined) {
      this.logger.entry('warn', 'login refused', { username: credentials?.username ?? null });
      throw vapiHttpError(unauthenticated());
    }
    const opened = await this.sessions.open(principal);
    if (E.isLeft(opened)) throw vapiHttpError(toVapiError(opened.left));
    const token = opened.right;
    // vCenter also sets the token as a cookie; a client with a cookie jar (govmomi's) may send it back.
    const secure = request.protocol === 'https' ? '; Secure' : '';
    void reply.header('set-cookie', `${SESSION_HEADER}=${token}; Path=/rest; HttpOnly${secure}`);
    return value(token);
  }

  /** The caller's own login: `{user, created_time, last_accessed_time}`; 401 when it is not valid. */
  private async get(request: FastifyRequest) {
    const token = restSessionToken(request);
    const info = token === undefined ? undefined : await this.sessions.describe(token);
    if (info === undefined) throw vapiHttpError(unauthenticated());
    return value({
      user: info.principal.username,
      created_time: new Date(info.createdMs).toISOString(),
      last_accessed_time: new Date(info.lastSeenMs).toISOString(),
    });
  }

  @Delete()
  @HttpCode(200)
  async logout(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const token = restSessionToken(request);
    if (token === undefined || (await this.sessions.resolve(token)) === undefined)
      throw vapiHttpError(unauthenticated());
    const closed = await this.sessions.close(token);
    if (E.isLeft(closed)) throw vapiHttpError(toVapiError(closed.left));
    void reply.header('set-cookie', `${SESSION_HEADER}=; Path=/rest; HttpOnly; Max-Age=0`);
  }
}
