import { Controller, Delete, Header, Headers, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { LoginSessions } from './login-sessions';
import { UserDirectory } from './user-directory';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { unauthenticated } from '../errors/vapi-error';
import { vapiHttpError } from '../errors/vapi-error-renderer';
import { SESSION_HEADER, VsphereAuthGuard } from './vsphere-auth.guard';

/** `user:password` of an `Authorization: Basic …` header; undefined when absent or malformed. */
export const basicCredentials = (
  header: string | undefined,
): { username: string; password: string } | undefined => {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 1 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
};

/** Login and logout as vCenter's `/api/session` does them. */
@Controller('api/session')
export class VsphereSessionController {
  constructor(
    @Inject(UserDirectory) private readonly users: UserDirectory,
    @Inject(LoginSessions) private readonly sessions: LoginSessions,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /** HTTP Basic credentials in, the session token (a JSON string) out. */
  @Post()
  @HttpCode(201)
  @Header('Content-Type', 'application/json')
  async login(@Headers('authorization') authorization: string | undefined): Promise<string> {
    const credentials = basicCredentials(authorization);
    const principal =
      credentials && (await this.users.authenticate(credentials.username, credentials.password));
    if (principal === undefined || credentials === undefined) {
      this.logger.entry('warn', 'login refused', { username: credentials?.username ?? null });
      throw vapiHttpError(unauthenticated());
    }
    return JSON.stringify(this.sessions.open(principal));
  }

  @Delete()
  @HttpCode(204)
  @UseGuards(VsphereAuthGuard)
  logout(@Headers(SESSION_HEADER) token: string): void {
    this.sessions.close(token);
  }
}
