import { createHmac, timingSafeEqual } from 'node:crypto';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { GrantError } from '@upload-sessions/service-core/application/grant-error';
import type { Principal } from '@upload-sessions/service-core/auth/principal';

/** What a signed upload URI grants: one file of one session, for one user, until a time. */
export interface UploadGrant {
  readonly sessionId: string;
  readonly fileName: string;
  readonly principal: Principal;
  readonly expiresAtMs: number;
}

const Claims = t.strict({ s: t.string, f: t.string, u: t.string, o: t.string, e: t.number });

export type { GrantError };

/**
 * HMAC-signed tokens carried in the `upload_endpoint.uri`: the URI alone authorises the PUT of that
 * one file, as a presigned URL does, so clients (curl, ovftool) need no session header.
 */
export class UploadUrlSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  sign(sessionId: string, fileName: string, principal: Principal): string {
    const claims = {
      s: sessionId,
      f: fileName,
      u: principal.username,
      o: principal.organizationId,
      e: this.now() + this.ttlMs,
    };
    const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  verify(token: string, sessionId: string, fileName: string): E.Either<GrantError, UploadGrant> {
    const [payload, mac, extra] = token.split('.');
    if (payload === undefined || mac === undefined || extra !== undefined) return E.left(bad('malformed'));
    const expected = Buffer.from(this.mac(payload), 'utf8');
    const given = Buffer.from(mac, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return E.left(bad('signature'));
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return E.left(bad('malformed'));
    }
    const claims = Claims.decode(json);
    if (E.isLeft(claims)) return E.left(bad('malformed'));
    const c = claims.right;
    if (c.e < this.now()) return E.left(bad('expired'));
    if (c.s !== sessionId || c.f !== fileName) return E.left(bad('scope'));
    return E.right({
      sessionId,
      fileName,
      principal: { username: c.u, organizationId: c.o },
      expiresAtMs: c.e,
    });
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

const bad = (reason: GrantError['reason']): GrantError => ({ _tag: 'BadUploadToken', reason });
