import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import type { EventStore, NewEvent, StoreUnavailable } from '@upload-sessions/event-store';
import { actorOf, type Principal } from '@upload-sessions/service-core/auth/principal';
import { eventMetadata } from '@upload-sessions/service-core/event-sourcing/command-context';
import {
  evolveLoginSession,
  initialLoginSessionState,
  loginSessionCodec,
  loginSessionStream,
  type LoginSessionEvent,
  type LoginSessionState,
} from './login-session-events';

/** Tokens are known by their SHA-256 only: the store and a heap dump hold no usable token. */
export const digestOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export interface LoginSessionsOptions {
  readonly idleTimeoutMs: number;
  /** How old this instance's view of a token's stream may be before a request reads it again. */
  readonly stalenessMs?: number;
  readonly now?: () => number;
  /**
   * Runs an append outside read-your-writes tracking: no read model follows these streams, so no
   * read may wait for them (the app passes WriteTracker.untracked).
   */
  readonly untracked?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Told when recording a sighting fails (the session goes on; the next sighting retries). */
  readonly onRecordFailure?: (error: StoreUnavailable) => void;
}

/** What `POST /rest/com/vmware/cis/session?~action=get` tells about the caller's own login. */
export interface LoginSessionInfo {
  readonly principal: Principal;
  readonly createdMs: number;
  readonly lastSeenMs: number;
}

interface CachedSession {
  state: LoginSessionState;
  /** When this instance last read (or wrote) the stream. */
  checkedAtMs: number;
  /** This instance's own last sighting: exact, unlike the recorded one. */
  localSeenMs: number;
  /** The latest sighting in the store as far as this instance knows. */
  recordedSeenMs: number;
}

/** At most this many tokens are cached per instance; beyond, the least recently used are dropped. */
const CACHE_LIMIT = 10_000;

/**
 * The tokens handed out by `POST /api/session`, ended by `DELETE /api/session` or after an idle
 * timeout, kept in the event store (one `vsphere-login-<sha256>` stream per token) so that every
 * instance honours them and a restart logs nobody out.
 *
 * The hot path stays cheap: each instance caches a token's stream for `stalenessMs` (1 s), so a
 * logout on another instance takes effect here within that bound. Use is recorded as a sighting at
 * most once per `recordIntervalMs` per token and instance (a tenth of the idle timeout, 1–60 s), so
 * a session ends between the idle timeout and the idle timeout plus that interval (plus the
 * staleness) after its last use anywhere; on the instance that saw the last use, exactly at the timeout.
 */
export class LoginSessions {
  private readonly cache = new Map<string, CachedSession>();
  private readonly idleTimeoutMs: number;
  private readonly stalenessMs: number;
  private readonly now: () => number;
  readonly recordIntervalMs: number;

  constructor(
    private readonly store: EventStore,
    private readonly options: LoginSessionsOptions,
  ) {
    this.idleTimeoutMs = options.idleTimeoutMs;
    this.stalenessMs = options.stalenessMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.recordIntervalMs = Math.min(60_000, Math.max(1000, Math.floor(options.idleTimeoutMs / 10)));
  }

  /** A new token for the principal, recorded before it is handed out. */
  async open(principal: Principal): Promise<E.Either<StoreUnavailable, string>> {
    const token = randomBytes(32).toString('hex');
    const digest = digestOf(token);
    const now = this.now();
    const event: LoginSessionEvent = {
      type: 'VsphereLoginOpened',
      data: {
        username: principal.username,
        organizationId: principal.organizationId,
        openedAt: new Date(now).toISOString(),
      },
    };
    const appended = await this.append(loginSessionStream(digest), [this.toNew(event, principal)], {
      expectedRevision: 'no_stream',
    });
    if (E.isLeft(appended)) {
      // 32 random bytes do not collide: a revision clash is not worth a distinct error.
      return E.left(
        appended.left._tag === 'StoreUnavailable'
          ? appended.left
          : { _tag: 'StoreUnavailable', message: 'login stream already exists' },
      );
    }
    this.remember(digest, {
      state: { principal, createdMs: now, lastSeenMs: now, closed: false },
      checkedAtMs: now,
      localSeenMs: now,
      recordedSeenMs: now,
    });
    return E.right(token);
  }

  /** The token's principal, recording its use; undefined for unknown, closed or idle tokens. */
  async resolve(token: string): Promise<Principal | undefined> {
    const digest = digestOf(token);
    const now = this.now();
    let cached = this.cache.get(digest);
    if (cached === undefined || now - cached.checkedAtMs > this.stalenessMs) {
      const read = await this.read(digest);
      // The store away: go on with what this instance knew (a token it never saw stays unknown).
      if (read !== undefined) {
        cached = {
          state: read,
          checkedAtMs: now,
          localSeenMs: cached?.localSeenMs ?? 0,
          recordedSeenMs: read.lastSeenMs,
        };
        this.remember(digest, cached);
      }
    }
    if (cached === undefined || !this.alive(cached, now)) return undefined;
    cached.localSeenMs = now;
    if (now - cached.recordedSeenMs >= this.recordIntervalMs) {
      cached.recordedSeenMs = now;
      void this.recordSighting(digest, cached.state.principal, now);
    }
    return cached.state.principal;
  }

  /** The token's login (recording its use, as any use does); undefined for unknown, closed or idle tokens. */
  async describe(token: string): Promise<LoginSessionInfo | undefined> {
    const principal = await this.resolve(token);
    const cached = this.cache.get(digestOf(token));
    if (principal === undefined || cached === undefined) return undefined;
    return {
      principal,
      createdMs: cached.state.createdMs,
      lastSeenMs: Math.max(cached.localSeenMs, cached.state.lastSeenMs),
    };
  }

  /**
   * What this instance already knows of the token, without reading the store or recording a use:
   * for rate limiting, where a flood of guessed tokens must cost no store reads.
   */
  peek(token: string): Principal | undefined {
    const cached = this.cache.get(digestOf(token));
    return cached !== undefined && this.alive(cached, this.now()) ? cached.state.principal : undefined;
  }

  /** Ends the session on every instance (within their staleness bound). */
  async close(token: string): Promise<E.Either<StoreUnavailable, boolean>> {
    const digest = digestOf(token);
    const cached = this.cache.get(digest);
    const principal = cached?.state.principal ?? (await this.read(digest))?.principal;
    if (principal === undefined) return E.right(false);
    const event: LoginSessionEvent = {
      type: 'VsphereLoginClosed',
      data: { closedAt: new Date(this.now()).toISOString(), reason: 'logout' },
    };
    const appended = await this.append(loginSessionStream(digest), [this.toNew(event, principal)], {
      expectedRevision: 'stream_exists',
    });
    if (E.isLeft(appended)) {
      return appended.left._tag === 'StoreUnavailable' ? E.left(appended.left) : E.right(false);
    }
    this.cache.delete(digest);
    return E.right(true);
  }

  private alive(cached: CachedSession, now: number): boolean {
    const { state } = cached;
    if (state.principal === undefined || state.closed) return false;
    // Our own sighting is exact; a recorded one may lag the real last use by up to one interval.
    return (
      now - cached.localSeenMs <= this.idleTimeoutMs ||
      now - state.lastSeenMs <= this.idleTimeoutMs + this.recordIntervalMs
    );
  }

  private async read(digest: string): Promise<LoginSessionState | undefined> {
    const read = await this.store.readStream(loginSessionStream(digest));
    if (E.isLeft(read)) {
      return read.left._tag === 'StreamNotFound' ? initialLoginSessionState : undefined;
    }
    let state = initialLoginSessionState;
    for (const recorded of read.right) {
      const decoded = loginSessionCodec.decode(recorded);
      if (E.isRight(decoded)) state = evolveLoginSession(state, decoded.right);
    }
    return state;
  }

  private async recordSighting(digest: string, principal: Principal | undefined, now: number): Promise<void> {
    if (principal === undefined) return;
    const event: LoginSessionEvent = {
      type: 'VsphereLoginSeen',
      data: { seenAt: new Date(now).toISOString() },
    };
    const appended = await this.append(loginSessionStream(digest), [this.toNew(event, principal)], {
      expectedRevision: 'stream_exists',
    });
    if (E.isLeft(appended) && appended.left._tag === 'StoreUnavailable')
      this.options.onRecordFailure?.(appended.left);
  }

  private append(
    ...args: Parameters<EventStore['appendToStream']>
  ): ReturnType<EventStore['appendToStream']> {
    const work = () => this.store.appendToStream(...args);
    return this.options.untracked !== undefined ? this.options.untracked(work) : work();
  }

  private toNew(event: LoginSessionEvent, principal: Principal): NewEvent {
    const encoded = loginSessionCodec.encode(event);
    const id = randomUUID();
    const context = {
      actor: actorOf(principal),
      organizationId: principal.organizationId,
      correlationId: id,
      causationId: null,
    };
    return {
      id,
      type: encoded.type,
      data: encoded.data,
      metadata: eventMetadata(context, id, new Date(this.now()).toISOString(), encoded.schemaVersion),
    };
  }

  private remember(digest: string, session: CachedSession): void {
    this.cache.delete(digest);
    this.cache.set(digest, session);
    if (this.cache.size > CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
