import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '@upload-sessions/service-core/auth/principal';

interface LoginSession {
  readonly principal: Principal;
  lastSeenMs: number;
}

/** Tokens are kept by their SHA-256 only: a heap dump shows no usable token, and a lookup compares digests. */
const digestOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64');

/**
 * The tokens handed out by `POST /api/session`, ended by `DELETE /api/session` or after an idle
 * timeout. Kept in memory: a restart logs everyone out, as it does on vCenter.
 */
export class LoginSessions {
  private readonly sessions = new Map<string, LoginSession>();

  constructor(
    private readonly idleTimeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  open(principal: Principal): string {
    this.purge();
    const token = randomBytes(32).toString('hex');
    this.sessions.set(digestOf(token), { principal, lastSeenMs: this.now() });
    return token;
  }

  /** The token's principal, refreshing its idle timer; undefined for unknown or expired tokens. */
  resolve(token: string): Principal | undefined {
    const digest = digestOf(token);
    const session = this.sessions.get(digest);
    if (session === undefined) return undefined;
    if (this.now() - session.lastSeenMs > this.idleTimeoutMs) {
      this.sessions.delete(digest);
      return undefined;
    }
    session.lastSeenMs = this.now();
    return session.principal;
  }

  close(token: string): boolean {
    return this.sessions.delete(digestOf(token));
  }

  private purge(): void {
    const now = this.now();
    for (const [digest, session] of this.sessions) {
      if (now - session.lastSeenMs > this.idleTimeoutMs) this.sessions.delete(digest);
    }
  }
}
